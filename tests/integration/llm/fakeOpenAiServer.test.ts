import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fakeOpenAiServer";

// The fake server is shared by many test suites; these cases pin the behaviour they rely on.
let server: FakeOpenAiServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ model: "served-model" });
  client = new OpenAI({ baseURL: server.baseUrl, apiKey: "not-needed", maxRetries: 0 });
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const ask = (content: string) => client.chat.completions.create({ model: "any", messages: [{ role: "user", content }] });

describe("fake OpenAI-compatible server", () => {
  it("echoes the last user message when no rule matches", async () => {
    const response = await ask("hello there");
    expect(response.choices[0].message.content).toBe("echo: hello there");
    expect(response.model).toBe("served-model");
  });

  it("matches rules by message text, by arrival index, and uses a rule up after `times`", async () => {
    server.setRules([
      { match: { requestIndex: 0 }, reply: { content: "first" } },
      { match: { lastUserIncludes: /rate/i }, reply: { content: "rated" }, times: 1 },
      { match: { lastUserIncludes: "rate" }, reply: (request) => ({ content: `dynamic #${request.index}` }) },
    ]);
    const answers = [];
    for (const text of ["rate me", "Rate me", "rate me"]) answers.push((await ask(text)).choices[0].message.content);
    expect(answers).toEqual(["first", "rated", "dynamic #2"]);
  });

  it("records every request with its headers, body and continuation protocol", async () => {
    await client.chat.completions.create({
      model: "any",
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "<think>partial" },
      ],
      // @ts-expect-error vLLM-only fields
      continue_final_message: true,
      add_generation_prompt: false,
    });
    await server.waitForRequests(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ index: 0, method: "POST", path: "/v1/chat/completions", continuation: "vllm", assistantPrefix: "<think>partial", stream: false });
    expect(request.headers.authorization).toBe("Bearer not-needed");
    expect(request.body.model).toBe("any");
  });

  it("streams SSE chunks ending with [DONE] and a usage chunk when asked", async () => {
    server.setRules([{ reply: { content: "abcdef", chunkSize: 2 } }]);
    const stream = await client.chat.completions.create({
      model: "any",
      messages: [{ role: "user", content: "q" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: unknown = null;
    let finish: string | null = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice?.delta?.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
    }
    expect(pieces).toEqual(["ab", "cd", "ef"]);
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ completion_tokens: 1 });
  });

  it("serves /v1/completions, /v1/models and 404 for unknown routes", async () => {
    server.setRules([{ match: { promptIncludes: "Once" }, reply: { content: " upon a time" } }]);
    const completion = await client.completions.create({ model: "any", prompt: "Once" });
    expect(completion.choices[0].text).toBe(" upon a time");
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["served-model"]);
    const missing = await fetch(`${server.url}/v1/nothing`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
  });

  it("tracks the peak number of requests in flight", async () => {
    server.setRules([{ reply: { content: "slow", chunkSize: 1, chunkDelayMs: 30 } }]);
    const streams = await Promise.all(
      [1, 2, 3].map(() => client.chat.completions.create({ model: "any", messages: [{ role: "user", content: "q" }], stream: true })),
    );
    await Promise.all(streams.map(async (s) => { for await (const _ of s); }));
    expect(server.maxInFlight).toBe(3);
    await expect.poll(() => server.inFlight).toBe(0);
  });
});
