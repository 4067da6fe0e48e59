// ExaDesk's MCP server driven by the official TypeScript SDK's client, over either transport.
// Prints one JSON report of what happened; exits non-zero only when the client itself broke.
// Usage:
//   node mcp-sdk-check.mjs stdio EXADESK KEYS_FILE EXA_URL   (exadesk mcp, launched by the client)
//   node mcp-sdk-check.mjs http PORT_URL TOKEN               (the local port's /mcp)
//   node mcp-sdk-check.mjs compare EXADESK KEYS_FILE EXA_URL KEY
//       the same calls to exadesk mcp and to exa-mcp-server 3.4.1 over the same Exa; their texts
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [mode, ...args] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const versions = ["2025-11-25", "2025-06-18", "2025-03-26"];
const allTools = "web_search_exa,web_search_advanced_exa,web_fetch_exa,find_similar_exa,answer_exa,deep_researcher_start,deep_researcher_check";

function exadeskTransport(exadesk, keysFile, exaUrl, tools) {
  return new StdioClientTransport({
    command: exadesk,
    args: ["mcp", "--keys-file", keysFile, "--base-url", exaUrl, "--tools", tools],
    env: { ...process.env },
    stderr: "pipe",
  });
}

function transportFor(tools) {
  if (mode === "stdio")
    return exadeskTransport(args[0], args[1], args[2], tools);
  const [portUrl, token] = args;
  return new StreamableHTTPClientTransport(new URL(`${portUrl}/mcp?tools=${tools}`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
}

// A client that asks for `version` at initialize, and notes the version the server agreed on.
async function connect(transport, version) {
  const seen = {};
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (message.method === "initialize")
      message.params.protocolVersion = version;
    return send(message, options);
  };
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const handler = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (message.result?.protocolVersion)
        seen.version = message.result.protocolVersion;
      handler?.(message, extra);
    };
    return start();
  };
  const client = new Client({ name: "exadesk-mcp-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, seen };
}

function textOf(result) {
  return (result.content ?? []).filter((part) => part.type === "text").map((part) => part.text).join("\n");
}

async function call(client, name, toolArguments) {
  try {
    const result = await client.callTool({ name, arguments: toolArguments });
    return { isError: Boolean(result.isError), text: textOf(result) };
  } catch (error) {
    return { protocolError: error?.code ?? null, message: String(error?.message ?? error) };
  }
}

async function everyTool(client) {
  const calls = {};
  calls.search = await call(client, "web_search_exa", { query: "rust async runtimes", numResults: 3 });
  const urls = [...(calls.search.text ?? "").matchAll(/^URL: (\S+)$/gm)].map((match) => match[1]);
  calls.fetch = await call(client, "web_fetch_exa", { urls: urls.slice(0, 2), maxCharacters: 500 });
  calls.advanced = await call(client, "web_search_advanced_exa", {
    query: "tokio", numResults: 2, category: "news", enableSummary: true, includeDomains: ["docs.rs"],
  });
  calls.similar = await call(client, "find_similar_exa", { url: urls[0] ?? "https://tokio.rs", numResults: 2 });
  calls.answer = await call(client, "answer_exa", { query: "what is tokio" });
  calls.researchStart = await call(client, "deep_researcher_start", { instructions: "compare async runtimes" });
  const researchId = JSON.parse(calls.researchStart.text ?? "{}").researchId;
  const statuses = [];
  for (let poll = 0; poll < 5 && statuses.at(-1) !== "completed" && researchId; ++poll) {
    const checked = await call(client, "deep_researcher_check", { researchId });
    const report = JSON.parse(checked.text ?? "{}");
    statuses.push(report.status);
    calls.researchCheck = { ...checked, report: report.report ?? null };
  }
  calls.researchStatuses = statuses;
  calls.badArguments = await call(client, "web_search_exa", { numResults: 2 });
  calls.unknownTool = await call(client, "get_code_context_exa", { query: "x" });
  return { urls, calls };
}

async function check() {
  const report = { runs: [] };
  for (const version of versions) {
    const transport = transportFor(allTools);
    const run = { asked: version };
    try {
      const { client, seen } = await connect(transport, version);
      run.agreed = seen.version;
      run.server = client.getServerVersion()?.name;
      run.tools = (await client.listTools()).tools.map((tool) => tool.name);
      run.ping = await client.ping().then(() => true, () => false);
      if (version === versions[0])
        Object.assign(run, await everyTool(client));
      else
        run.calls = { search: await call(client, "web_search_exa", { query: `search under ${version}` }) };
      await client.close();
      if (transport.sessionId !== undefined)
        run.sessionId = transport.sessionId;
    } catch (error) {
      run.error = String(error?.message ?? error);
    }
    report.runs.push(run);
  }
  return report;
}

// The same two calls to both servers, over the same Exa.
async function compare() {
  const [exadesk, keysFile, exaUrl, key] = args;
  const serverPath = join(dirname(require.resolve("exa-mcp-server/package.json")), "dist", "stdio.cjs");
  const theirs = new StdioClientTransport({
    command: process.execPath,
    args: ["--require", join(here, "redirect-exa.cjs"), serverPath],
    env: { ...process.env, EXA_API_KEY: key, EXADESK_URL: exaUrl },
    stderr: "pipe",
  });
  const report = {};
  for (const [name, transport] of [["exadesk", exadeskTransport(exadesk, keysFile, exaUrl, "web_search_exa,web_fetch_exa")], ["exaMcpServer", theirs]]) {
    const client = new Client({ name: "exadesk-mcp-compare", version: "1.0.0" });
    await client.connect(transport);
    const tools = (await client.listTools()).tools;
    const search = await call(client, "web_search_exa", { query: "rust async runtimes", numResults: 3 });
    const url = (search.text ?? "").match(/^URL: (\S+)$/m)?.[1];
    const fetched = await call(client, "web_fetch_exa", { urls: [url], maxCharacters: 800 });
    const failed = await call(client, "web_fetch_exa", { urls: ["https://notfound.example/missing"] });
    const mixed = await call(client, "web_fetch_exa", { urls: [url, "https://example.com/http-503"], maxCharacters: 200 });
    report[name] = {
      tools: tools.map((tool) => ({ name: tool.name, annotations: tool.annotations, properties: Object.keys(tool.inputSchema.properties ?? {}).sort(), required: tool.inputSchema.required })),
      search, fetch: fetched, failed, mixed,
    };
    await client.close();
  }
  return report;
}

try {
  console.log(JSON.stringify(mode === "compare" ? await compare() : await check()));
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ error: String(error?.message ?? error) }));
  process.exit(1);
}
