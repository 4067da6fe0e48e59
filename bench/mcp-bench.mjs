// The same MCP client measures exadesk mcp and exa-mcp-server, each over stdio in front of the
// same fake Exa: spawn -> initialize -> tools/list done, then web_search_exa's latency.
// Usage: node bench/mcp-bench.mjs JS_DIR EXADESK KEYS_FILE EXA_URL KEY
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

const [jsDir, exadesk, keysFile, exaUrl, key] = process.argv.slice(2);
const require = createRequire(join(jsDir, "package.json"));
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const exaMcpServer = join(dirname(require.resolve("exa-mcp-server/package.json")), "dist", "stdio.cjs");

const servers = {
  "exadesk mcp": () => new StdioClientTransport({
    command: exadesk, args: ["mcp", "--keys-file", keysFile, "--base-url", exaUrl], env: { ...process.env }, stderr: "ignore",
  }),
  "exa-mcp-server 3.4.1": () => new StdioClientTransport({
    command: process.execPath,
    args: ["--require", join(jsDir, "redirect-exa.cjs"), exaMcpServer],
    env: { ...process.env, EXA_API_KEY: key, EXADESK_URL: exaUrl }, stderr: "ignore",
  }),
};
const starts = 5;
const calls = 200;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

for (const [name, transportFor] of Object.entries(servers)) {
  const listed = [];
  for (let run = 0; run < starts; ++run) {
    const began = performance.now();
    const client = new Client({ name: "mcp-bench", version: "1.0.0" });
    await client.connect(transportFor());
    await client.listTools();
    listed.push(performance.now() - began);
    await client.close();
  }
  const client = new Client({ name: "mcp-bench", version: "1.0.0" });
  await client.connect(transportFor());
  const latencies = [];
  for (let i = 0; i < calls + 20; ++i) {
    const began = performance.now();
    const result = await client.callTool({ name: "web_search_exa", arguments: { query: `rust async runtimes ${i % 10}`, numResults: 5 } });
    if (result.isError)
      throw new Error(`${name}: ${result.content?.[0]?.text}`);
    if (i >= 20) // the first 20 warm up
      latencies.push(performance.now() - began);
  }
  await client.close();
  listed.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  console.log(`${name.padEnd(22)} tools listed: median ${listed[starts >> 1].toFixed(0)} ms (min ${listed[0].toFixed(0)}, max ${listed.at(-1).toFixed(0)}, ${starts} starts)`
    + `; web_search_exa over ${calls} calls: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms`);
}
