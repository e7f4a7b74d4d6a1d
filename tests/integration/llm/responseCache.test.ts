import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collectStream, createLlmClient, type LlmClientEvent } from "../../../server/llm/llmClient";
import type { LlmStreamEvent } from "../../../server/llm/types";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { FAST_RETRY, fakeEndpoint, resetLlmProcessState } from "../../support/llmTestSupport";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";

let server: FakeOpenAiServer;
let temp: TempDatabase;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  temp = createTempDatabase("llm-cache-");
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});
beforeEach(async () => {
  server.reset();
  resetLlmProcessState();
  await temp.db.llmCacheEntry.deleteMany();
});

const messages = [{ role: "user" as const, content: "Which tag fits this movie?" }];

function client(cache = true, events?: LlmClientEvent[]) {
  return createLlmClient({
    endpoint: fakeEndpoint(server, { maxRetries: 0 }),
    db: temp.db,
    cache,
    retry: FAST_RETRY,
    onEvent: events ? (e) => events.push(e) : undefined,
  });
}

describe("response cache", () => {
  it("answers a repeated call from the database without an HTTP request", async () => {
    server.setRules([{ reply: { content: "<think>comedy fans</think>comedy" } }]);
    const first = await client().complete(messages, { temperature: 0 });
    const events: LlmClientEvent[] = [];
    const second = await client(true, events).complete(messages, { temperature: 0 });
    expect(server.requests).toHaveLength(1);
    expect(first.cacheHit).toBe(false);
    expect(second).toMatchObject({ cacheHit: true, attempts: 0, reasoning: "comedy fans", answer: "comedy", content: first.content });
    expect(second.usage).toEqual(first.usage);
    expect(events.map((e) => e.type === "request-finished" && e.outcome)).toEqual(["cache-hit"]);
    const rows = await temp.db.llmCacheEntry.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: "fake-model", hits: 1, endpoint: server.baseUrl });
  });

  it("keys on params and sample index, so a different sample is a new request", async () => {
    server.setRules([{ reply: { content: "x" } }]);
    const llm = client();
    await llm.complete(messages, { temperature: 0.7 }, { sampleIndex: 0 });
    await llm.complete(messages, { temperature: 0.7 }, { sampleIndex: 1 });
    await llm.complete(messages, { temperature: 0.8 }, { sampleIndex: 0 });
    await llm.complete(messages, { temperature: 0.7 }, { sampleIndex: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it("never stores errors", async () => {
    server.setRules([{ reply: { kind: "error", status: 500 }, times: 1 }, { reply: { content: "recovered" } }]);
    await expect(client().complete(messages)).rejects.toMatchObject({ status: 500 });
    expect(await temp.db.llmCacheEntry.count()).toBe(0);
    const result = await client().complete(messages);
    expect(result).toMatchObject({ answer: "recovered", cacheHit: false });
    expect(server.requests).toHaveLength(2);
  });

  it("bypass: cache false neither reads nor writes", async () => {
    server.setRules([{ reply: { content: "fresh" } }]);
    await client(true).complete(messages);
    const bypassed = await client(false).complete(messages);
    expect(bypassed.cacheHit).toBe(false);
    expect(server.requests).toHaveLength(2);
    await client(false).complete([{ role: "user", content: "another question" }]);
    expect(await temp.db.llmCacheEntry.count()).toBe(1);
  });

  it("replays a cached stream with the same deltas and a cache-hit result", async () => {
    server.setRules([{ reply: { reasoning: "The user tags sci-fi.", content: "sci-fi", chunkSize: 4 } }]);
    const live: LlmStreamEvent[] = [];
    await collectStream(client().stream(messages), (e) => live.push(e));
    const replay: LlmStreamEvent[] = [];
    const result = await collectStream(client().stream(messages), (e) => replay.push(e));
    expect(server.requests).toHaveLength(1);
    expect(result.cacheHit).toBe(true);
    const joined = (events: LlmStreamEvent[], type: string) =>
      events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join("");
    expect(joined(replay, "reasoning")).toBe(joined(live, "reasoning"));
    expect(joined(replay, "content")).toBe(joined(live, "content"));
    // A streamed answer also serves a later non-streaming call of the same request.
    expect(await client().complete(messages)).toMatchObject({ cacheHit: true, answer: "sci-fi" });
  });

  it("caches continuations under their prefix", async () => {
    server.setRules([{ reply: { content: " more.</think>5" } }]);
    const llm = createLlmClient({
      endpoint: fakeEndpoint(server, { continuation: "vllm" }),
      db: temp.db,
      cache: true,
      retry: FAST_RETRY,
    });
    await collectStream(llm.continueAssistant(messages, "<think>first"));
    const again = await collectStream(llm.continueAssistant(messages, "<think>first"));
    await collectStream(llm.continueAssistant(messages, "<think>second"));
    expect(again).toMatchObject({ cacheHit: true, answer: "5", reasoning: "first more." });
    expect(server.requests).toHaveLength(2);
  });

  it("does not store a stream the consumer abandoned", async () => {
    server.setRules([{ reply: { content: "a long answer", chunkSize: 2 } }]);
    for await (const event of client().stream(messages)) if (event.type === "content") break;
    expect(await temp.db.llmCacheEntry.count()).toBe(0);
  });

  it("refuses cache: true without a database", () => {
    expect(() => createLlmClient({ endpoint: fakeEndpoint(server), cache: true })).toThrow(/cache is on but no db was given/);
  });
});
