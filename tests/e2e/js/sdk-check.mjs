// The official exa-js SDK pointed at ExaDesk's local port: every call the SDK offers for
// search, similar pages, contents and answers (plain and streamed). Prints one JSON object with
// what each call returned; exits non-zero when a call throws.
// Usage: node sdk-check.mjs BASE_URL TOKEN
import Exa from "exa-js";

const [baseUrl, token] = process.argv.slice(2);
const exa = new Exa(token, baseUrl);
const report = {};

async function run(name, call) {
  try {
    report[name] = { ok: true, ...(await call()) };
  } catch (error) {
    report[name] = { ok: false, error: String(error?.message ?? error), status: error?.statusCode ?? null };
  }
}

await run("search", async () => {
  const response = await exa.search("rust async runtimes", { numResults: 3 });
  return { results: response.results.length, firstUrl: response.results[0]?.url ?? null };
});
await run("searchAndContents", async () => {
  const response = await exa.searchAndContents("rust async runtimes", { numResults: 2, text: true });
  return { results: response.results.length, withText: response.results.filter((r) => r.text).length };
});
await run("findSimilar", async () => {
  const response = await exa.findSimilar("https://tokio.rs", { numResults: 3 });
  return { results: response.results.length };
});
await run("getContents", async () => {
  const response = await exa.getContents(["https://tokio.rs/blog"], { text: true });
  return { results: response.results.length, withText: response.results.filter((r) => r.text).length };
});
await run("answer", async () => {
  const response = await exa.answer("What is the Rust programming language?");
  return { answerLength: String(response.answer ?? "").length, citations: (response.citations ?? []).length };
});
await run("streamAnswer", async () => {
  let chunks = 0;
  let text = "";
  let citations = 0;
  for await (const chunk of exa.streamAnswer("What is the Rust programming language?")) {
    chunks += 1;
    text += chunk.content ?? "";
    citations += (chunk.citations ?? []).length;
  }
  return { chunks, answerLength: text.length, citations };
});
await run("invalidToken", async () => {
  try {
    await new Exa("exd_not_the_token_000000000000", baseUrl).search("rust", { numResults: 1 });
    return { refused: false };
  } catch (error) {
    return { refused: true, status: error?.statusCode ?? null };
  }
});

console.log(JSON.stringify(report));
process.exit(Object.values(report).every((entry) => entry.ok) ? 0 : 1);
