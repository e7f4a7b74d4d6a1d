import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LlmError } from "../../../server/llm/errors";
import { collectStream, createLlmClient, type LlmClientEvent } from "../../../server/llm/llmClient";
import type { LlmStreamEvent } from "../../../server/llm/types";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { FAST_RETRY, fakeEndpoint, resetLlmProcessState } from "../../support/llmTestSupport";

let server: FakeOpenAiServer;
const ask = [{ role: "user" as const, content: "rate this" }];

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  resetLlmProcessState();
});

function client(overrides: Parameters<typeof fakeEndpoint>[1] = {}, events?: LlmClientEvent[]) {
  return createLlmClient({
    endpoint: fakeEndpoint(server, overrides),
    cache: false,
    retry: FAST_RETRY,
    onEvent: events ? (e) => events.push(e) : undefined,
  });
}

describe("retries", () => {
  it("waits at least Retry-After after a 429, then succeeds", async () => {
    server.setRules([
      { reply: { kind: "error", status: 429, message: "Rate limit reached", retryAfter: 1 }, times: 1 },
      { reply: { content: "4" } },
    ]);
    const events: LlmClientEvent[] = [];
    const result = await client({}, events).complete(ask);
    expect(result.answer).toBe("4");
    expect(result.attempts).toBe(2);
    const calls = server.requestsTo("/v1/chat/completions");
    expect(calls).toHaveLength(2);
    expect(calls[1].receivedAt - calls[0].receivedAt).toBeGreaterThanOrEqual(1000);
    const retried = events.find((e) => e.type === "request-retried");
    expect(retried).toMatchObject({ attempt: 1, delayMs: 1000, error: { kind: "rate_limited", status: 429 } });
    expect(events.map((e) => e.type)).toEqual(["request-started", "request-retried", "request-started", "request-finished"]);
  });

  it("retries a 500 and reports the attempts", async () => {
    server.setRules([{ reply: { kind: "error", status: 500, message: "upstream crashed" }, times: 2 }, { reply: { content: "ok" } }]);
    const result = await client().complete(ask);
    expect(result).toMatchObject({ answer: "ok", attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries with a message naming the endpoint and status", async () => {
    server.setRules([{ reply: { kind: "error", status: 503, message: "overloaded" } }]);
    const error = await client({ maxRetries: 1 }).complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(/"fake" \(http:\/\/127\.0\.0\.1:\d+\/v1, model fake-model\) answered HTTP 503/);
    expect((error as LlmError).message).toContain("gave up after 2 attempts");
    expect((error as LlmError).attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 400", async () => {
    server.setRules([{ reply: { kind: "error", status: 400, message: "max_tokens is too large" } }]);
    const events: LlmClientEvent[] = [];
    await expect(client({}, events).complete(ask)).rejects.toMatchObject({ kind: "bad_request", status: 400, retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: "request-finished", outcome: "error", error: { kind: "bad_request", status: 400 } });
  });

  it("times out a hanging request, retries it, then fails with a clear message", async () => {
    server.setRules([{ reply: { kind: "hang" } }]);
    const error = (await client({ timeoutMs: 200, maxRetries: 1 }).complete(ask).catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("did not answer within 200 ms");
    expect(error.message).toContain("gave up after 2 attempts");
    expect(server.requests).toHaveLength(2);
  });

  it("retries malformed JSON and connection resets", async () => {
    server.setRules([
      { reply: { kind: "malformed-json" }, times: 1 },
      { reply: { kind: "reset" }, times: 1 },
      { reply: { content: "fine" } },
    ]);
    const result = await client().complete(ask);
    expect(result).toMatchObject({ answer: "fine", attempts: 3 });
  });

  it("restarts a stream cut mid-way, telling the consumer to discard what it had", async () => {
    server.setRules([
      { reply: { content: "partial answer that breaks", chunkSize: 4, resetAfterChunks: 2 }, times: 1 },
      { reply: { content: "whole answer", chunkSize: 4 } },
    ]);
    const events: LlmStreamEvent[] = [];
    const result = await collectStream(client().stream(ask), (e) => events.push(e));
    const restartAt = events.findIndex((e) => e.type === "restart");
    expect(restartAt).toBeGreaterThan(0);
    expect(events.slice(0, restartAt).every((e) => e.type === "content")).toBe(true);
    const after = events.slice(restartAt + 1).filter((e) => e.type === "content").map((e) => (e as { text: string }).text).join("");
    expect(after).toBe("whole answer");
    expect(result).toMatchObject({ answer: "whole answer", attempts: 2 });
  });

  it("applies the timeout to silences within a stream, not to its total length", async () => {
    server.setRules([
      { reply: { content: "slow but steady", chunkSize: 3, chunkDelayMs: 60 }, times: 1 },
      { reply: { content: "abcdef", chunkSize: 3, chunkDelayMs: 400 } },
    ]);
    const llm = client({ timeoutMs: 250, maxRetries: 0 });
    const steady = await collectStream(llm.stream(ask));
    expect(steady.answer).toBe("slow but steady");
    const stalled = (await collectStream(llm.stream(ask)).catch((e: unknown) => e)) as LlmError;
    expect(stalled.kind).toBe("timeout");
    expect(stalled.message).toContain("did not send the next part of its stream within 250 ms");
  });
});

describe("per-endpoint concurrency", () => {
  it("never has more requests in flight than maxConcurrency", async () => {
    server.setRules([{ reply: { content: "xy", chunkSize: 1, chunkDelayMs: 40 } }]);
    const llm = client({ maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, () => collectStream(llm.stream(ask))));
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(Math.max(...server.requests.map((r) => r.inFlightAtArrival))).toBeLessThanOrEqual(3);
  });

  it("shares the limit between clients of the same endpoint", async () => {
    server.setRules([{ reply: { content: "yz", chunkSize: 1, chunkDelayMs: 40 } }]);
    const a = client({ maxConcurrency: 2 });
    const b = client({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => collectStream((i % 2 ? a : b).stream(ask))));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it("halves the limit after a 429 and grows it back after successes", async () => {
    server.setRules([
      { reply: { kind: "error", status: 429, retryAfter: 0 }, times: 1 },
      { reply: { content: "z", chunkSize: 1, chunkDelayMs: 15 } },
    ]);
    const llm = createLlmClient({
      endpoint: fakeEndpoint(server, { maxConcurrency: 4 }),
      cache: false,
      retry: FAST_RETRY,
      increaseAfterSuccesses: 100,
    });
    await llm.complete(ask);
    expect(llm.concurrency.limit).toBe(2);
    server.reset();
    server.setRules([{ reply: { content: "z", chunkSize: 1, chunkDelayMs: 15 } }]);
    await Promise.all(Array.from({ length: 8 }, () => collectStream(llm.stream(ask))));
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
  });
});
