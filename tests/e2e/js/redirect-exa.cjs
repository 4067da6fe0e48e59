// Preloaded into exa-mcp-server (node --require), which has no base-URL setting: its calls to
// Exa go to ExaDesk's local port instead (EXADESK_URL), and nothing else may leave loopback.
const target = process.env.EXADESK_URL;
const exaOrigin = "https://api.exa.ai";
const original = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith(exaOrigin))
    return original(target + url.slice(exaOrigin.length), input instanceof Request ? input : init);
  const host = new URL(url).hostname;
  if (host === "127.0.0.1" || host === "localhost" || host === "[::1]")
    return original(input, init);
  throw new Error(`blocked in the test: ${host} is not on loopback`);
};
