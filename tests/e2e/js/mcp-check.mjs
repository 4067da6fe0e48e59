// The official exa-mcp-server (stdio), its fetch redirected to ExaDesk's local port by
// redirect-exa.cjs, driven by the official MCP client: the web_search_exa and web_fetch_exa
// tools. Prints one JSON object with what each tool returned; exits non-zero on failure.
// Usage: node mcp-check.mjs BASE_URL TOKEN
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [baseUrl, token] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const serverPath = join(dirname(require.resolve("exa-mcp-server/package.json")), "dist", "stdio.cjs");

const transport = new StdioClientTransport({
  command: process.execPath,
  args: ["--require", join(here, "redirect-exa.cjs"), serverPath],
  env: { ...process.env, EXA_API_KEY: token, EXADESK_URL: baseUrl },
  stderr: "pipe",
});
const client = new Client({ name: "exadesk-e2e", version: "1.0.0" });
const report = { tools: [] };

function textOf(result) {
  return (result.content ?? []).filter((part) => part.type === "text").map((part) => part.text).join("\n");
}

try {
  await client.connect(transport);
  report.tools = (await client.listTools()).tools.map((tool) => tool.name);

  const search = await client.callTool({ name: "web_search_exa", arguments: { query: "rust async runtimes", numResults: 3 } });
  const searchText = textOf(search);
  const urls = [...searchText.matchAll(/URL: (\S+)/g)].map((match) => match[1]);
  report.search = { isError: Boolean(search.isError), urls, text: searchText.slice(0, 400) };

  const fetched = await client.callTool({ name: "web_fetch_exa", arguments: { urls: urls.slice(0, 1) } });
  const fetchedText = textOf(fetched);
  report.fetch = { isError: Boolean(fetched.isError), length: fetchedText.length, text: fetchedText.slice(0, 400) };
} catch (error) {
  report.error = String(error?.message ?? error);
} finally {
  await client.close().catch(() => {});
}

console.log(JSON.stringify(report));
const ok = !report.error && report.search && !report.search.isError && report.search.urls.length > 0
  && report.fetch && !report.fetch.isError && report.fetch.length > 0;
process.exit(ok ? 0 : 1);
