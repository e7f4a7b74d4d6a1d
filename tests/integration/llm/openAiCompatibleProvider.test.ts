import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collectStream, createLlmClient } from "../../../server/llm/llmClient";
import { countTokens } from "../../../server/llm/tokenCount";
import type { LlmStreamEvent } from "../../../server/llm/types";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";
import { FAST_RETRY, fakeEndpoint, resetLlmProcessState } from "../../support/llmTestSupport";

let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  resetLlmProcessState();
});

const llm = (overrides: Parameters<typeof fakeEndpoint>[1] = {}) =>
  createLlmClient({ endpoint: fakeEndpoint(server, overrides), cache: false, retry: FAST_RETRY });

const question = (text: string) => [
  { role: "system" as const, content: "Answer with one tag." },
  { role: "user" as const, content: text },
];

function texts(events: LlmStreamEvent[], type: "reasoning" | "content"): string {
  return events
    .filter((e): e is Extract<LlmStreamEvent, { type: "reasoning" | "content" }> => e.type === type)
    .map((e) => e.text)
    .join("");
}

describe("complete (non-streaming)", () => {
  it("sends model, messages, sampling params and extra headers, and splits a <think> answer", async () => {
    server.setRules([{ match: { lastUserIncludes: "movie" }, reply: { content: "<think>\nThe user loves comedy.\n</think>\n\ncomedy" } }]);
    const result = await llm({ headers: { "X-Team": "lamp" } }).complete(question("Tag this movie"), {
      temperature: 0.6,
      topP: 0.95,
      maxTokens: 256,
      seed: 11,
      stop: ["\n\n\n"],
    });
    expect(result).toMatchObject({ reasoning: "The user loves comedy.", answer: "comedy", finishReason: "stop", cacheHit: false, attempts: 1 });
    expect(result.content).toContain("<think>");
    expect(result.usage.estimated).toBe(false);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [request] = server.requests;
    expect(request.body).toMatchObject({
      model: "fake-model",
      messages: question("Tag this movie"),
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 256,
      seed: 11,
      stop: ["\n\n\n"],
    });
    expect(request.headers["x-team"]).toBe("lamp");
  });

  it.each(["reasoning_content", "reasoning"] as const)("reads reasoning from the %s field", async (field) => {
    server.setRules([{ reply: { content: "4", reasoning: "Past ratings average 4.", reasoningField: field, usage: { prompt_tokens: 30, completion_tokens: 9, reasoning_tokens: 6 } } }]);
    const result = await llm().complete(question("rate"));
    expect(result).toMatchObject({ reasoning: "Past ratings average 4.", answer: "4" });
    expect(result.usage).toEqual({ promptTokens: 30, completionTokens: 9, reasoningTokens: 6, estimated: false });
  });

  it("treats content without <think> but with </think> as pre-filled reasoning", async () => {
    server.setRules([{ reply: { content: "Item 2 is a thriller.\n</think>\n\nthriller" } }]);
    expect(await llm().complete(question("tag"))).toMatchObject({ reasoning: "Item 2 is a thriller.", answer: "thriller" });
  });

  it("estimates usage with the tokenizer when the server reports none", async () => {
    server.setRules([{ reply: { content: "drama", usage: false } }]);
    const result = await llm().complete(question("tag"));
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.completionTokens).toBe(countTokens("drama"));
    expect(result.usage.promptTokens).toBeGreaterThan(8);
    expect(result.usage.reasoningTokens).toBeNull();
  });

  it("rejects bad messages and params with a message saying what and where", async () => {
    const client = llm();
    await expect(client.complete([])).rejects.toThrow(/messages must be a non-empty array/);
    await expect(client.complete([{ role: "tool" as never, content: "x" }])).rejects.toThrow(/messages\[0\]\.role must be/);
    await expect(client.complete(question("x"), { temperature: -1 })).rejects.toThrow(/params\.temperature must be a number >= 0, got -1/);
    await expect(client.complete(question("x"), { maxTokens: 1.5 })).rejects.toThrow(/params\.maxTokens must be a positive integer/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("stream", () => {
  it("labels reasoning and answer deltas when <think> tags are split across chunks", async () => {
    server.setRules([
      { reply: { deltas: [{ content: "<th" }, { content: "ink>The pro" }, { content: "file says comedy.</thi" }, { content: "nk>\n\ncom" }, { content: "edy" }] } },
    ]);
    const events: LlmStreamEvent[] = [];
    const result = await collectStream(llm().stream(question("tag")), (e) => events.push(e));
    expect(texts(events, "reasoning")).toBe("The profile says comedy.");
    expect(texts(events, "content")).toBe("\n\ncomedy");
    expect(events.at(-1)?.type).toBe("result");
    expect(result).toMatchObject({ reasoning: "The profile says comedy.", answer: "comedy", finishReason: "stop" });
  });

  it("streams reasoning_content deltas before content and takes usage from the usage chunk", async () => {
    server.setRules([{ reply: { reasoning: "Ratings lean high, so 5.", content: "5", chunkSize: 5, usage: { prompt_tokens: 12, completion_tokens: 7 } } }]);
    const events: LlmStreamEvent[] = [];
    const result = await collectStream(llm().stream(question("rate")), (e) => events.push(e));
    const firstContent = events.findIndex((e) => e.type === "content");
    expect(events.slice(0, firstContent).every((e) => e.type === "reasoning")).toBe(true);
    expect(texts(events, "reasoning")).toBe("Ratings lean high, so 5.");
    expect(result.usage).toMatchObject({ promptTokens: 12, completionTokens: 7, estimated: false });
    expect(server.requests[0].body.stream_options).toEqual({ include_usage: true });
  });

  it("counts tokens itself when the stream carries no usage", async () => {
    server.setRules([{ reply: { content: "<think>a b c</think>drama", usage: false } }]);
    const result = await collectStream(llm().stream(question("tag")));
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
  });

  it("labels text as reasoning from the first chunk when the endpoint's template opens <think>", async () => {
    server.setRules([{ reply: { deltas: [{ content: "Thinking first." }, { content: "</think>" }, { content: "answer" }] } }]);
    const events: LlmStreamEvent[] = [];
    await collectStream(llm({ reasoningStartsInside: true }).stream(question("tag")), (e) => events.push(e));
    expect(events.slice(0, 2)).toEqual([
      { type: "reasoning", text: "Thinking first." },
      { type: "content", text: "answer" },
    ]);
  });

  it("aborts the HTTP request when the consumer stops reading", async () => {
    server.setRules([{ reply: { content: "a long reasoning trace that goes on and on", chunkSize: 2, chunkDelayMs: 30 } }]);
    const events: string[] = [];
    const client = createLlmClient({
      endpoint: fakeEndpoint(server),
      cache: false,
      onEvent: (e) => events.push(e.type === "request-finished" ? `finished:${e.outcome}` : e.type),
    });
    let received = "";
    for await (const event of client.stream(question("tag"))) {
      if (event.type === "content") received += event.text;
      if (received.length >= 6) break;
    }
    expect(events).toEqual(["request-started", "finished:cancelled"]);
    expect(client.concurrency.inFlight).toBe(0);
    await expect.poll(() => server.inFlight).toBe(0);
  });

  it("fails with LlmAbortedError when the caller's signal fires, without retrying", async () => {
    server.setRules([{ reply: { content: "slow", chunkSize: 1, chunkDelayMs: 100 } }]);
    const controller = new AbortController();
    const pending = collectStream(llm().stream(question("tag"), {}, { signal: controller.signal }), (e) => {
      if (e.type === "content") controller.abort();
    });
    await expect(pending).rejects.toMatchObject({ name: "LlmAbortedError", kind: "aborted" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("embeddings from the fake server", () => {
  it("gives the same unit vector for the same text and a different one for other text", async () => {
    const post = async (input: string[]) => {
      const response = await fetch(`${server.baseUrl}/embeddings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "emb", input }),
      });
      return ((await response.json()) as { data: Array<{ embedding: number[] }> }).data.map((d) => d.embedding);
    };
    const [a, b, c] = await post(["user likes comedy", "user likes comedy", "something else"]);
    expect(a).toHaveLength(16);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
  });
});
