import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildThinkingPrefix } from "../../../server/llm/continuation";
import { ContinuationUnsupportedError } from "../../../server/llm/errors";
import { collectStream, createLlmClient } from "../../../server/llm/llmClient";
import type { EndpointConfig, LlmStreamEvent } from "../../../server/llm/types";
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeOpenAiServerOptions } from "../../support/fakeOpenAiServer";
import { FAST_RETRY, fakeEndpoint, resetLlmProcessState } from "../../support/llmTestSupport";

const servers: FakeOpenAiServer[] = [];
async function serve(options: FakeOpenAiServerOptions): Promise<FakeOpenAiServer> {
  const server = await startFakeOpenAiServer(options);
  servers.push(server);
  return server;
}
afterEach(() => resetLlmProcessState());
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const messages = [
  { role: "system" as const, content: "Answer with the rating only." },
  { role: "user" as const, content: "Rate the product for this user." },
];
const THOUGHT = "I should use the user's past items: they rated similar products 5.";
const prefix = buildThinkingPrefix("The product is a blender. Wait, maybe 3?", THOUGHT);

async function continueWith(endpoint: EndpointConfig) {
  const events: LlmStreamEvent[] = [];
  const client = createLlmClient({ endpoint, cache: false, retry: FAST_RETRY });
  const result = await collectStream(client.continueAssistant(messages, prefix, { maxTokens: 64 }), (e) => events.push(e));
  return { result, events };
}

describe("continueAssistant", () => {
  it("vLLM: sends the partial turn last with continue_final_message and add_generation_prompt false", async () => {
    const server = await serve({ rules: [{ match: { continuation: true }, reply: { content: " Item 3 got 5 stars.</think>\n\n5", chunkSize: 1000 } }] });
    const { result, events } = await continueWith(fakeEndpoint(server, { continuation: "vllm" }));
    const [request] = server.requests;
    expect(request.continuation).toBe("vllm");
    expect(request.body.continue_final_message).toBe(true);
    expect(request.body.add_generation_prompt).toBe(false);
    expect(request.body.messages.at(-1)).toEqual({ role: "assistant", content: prefix });
    expect(request.assistantPrefix).toContain(THOUGHT);
    expect(result.content).toBe(" Item 3 got 5 stars.</think>\n\n5");
    expect(result.reasoning).toBe(`The product is a blender. Wait, maybe 3?\n\n${THOUGHT} Item 3 got 5 stars.`);
    expect(result.answer).toBe("5");
    expect(result.continuation).toEqual({ mode: "vllm", prefix });
    // The continued text is reasoning from its first token, since the prefix left <think> open.
    expect(events[0]).toEqual({ type: "reasoning", text: " Item 3 got 5 stars." });
  });

  it("vLLM with a reasoning parser: continued reasoning arrives in reasoning_content", async () => {
    const server = await serve({ rules: [{ reply: { reasoning: " Item 3 got 5 stars.", content: "5" } }] });
    const { result } = await continueWith(fakeEndpoint(server, { continuation: "vllm" }));
    expect(result.reasoning.endsWith(`${THOUGHT} Item 3 got 5 stars.`)).toBe(true);
    expect(result.answer).toBe("5");
  });

  it("DeepSeek: prefix true on the last assistant message, reasoning sent as reasoning_content", async () => {
    const server = await serve({ rules: [{ match: { continuation: true }, reply: { reasoning: " So 5.", content: "5" } }] });
    const { result } = await continueWith(fakeEndpoint(server, { continuation: "deepseek-prefix" }));
    const [request] = server.requests;
    expect(request.continuation).toBe("deepseek-prefix");
    const last = request.body.messages.at(-1);
    expect(last).toMatchObject({ role: "assistant", prefix: true, content: "" });
    expect(last.reasoning_content).toBe(`The product is a blender. Wait, maybe 3?\n\n${THOUGHT}`);
    expect(request.body.continue_final_message).toBeUndefined();
    expect(result).toMatchObject({ answer: "5", continuation: { mode: "deepseek-prefix" } });
    expect(result.reasoning.endsWith(`${THOUGHT} So 5.`)).toBe(true);
  });

  it("completions-raw: renders the chat template with the prefix and streams /v1/completions", async () => {
    const server = await serve({ rules: [{ match: { path: "/v1/completions" }, reply: { content: " Item 3: 5 stars.</think>\n5", chunkSize: 3 } }] });
    const { result } = await continueWith(fakeEndpoint(server, { continuation: "completions-raw", rawPromptTemplate: "qwen3" }));
    const [request] = server.requests;
    expect(request.path).toBe("/v1/completions");
    expect(request.prompt).toBe(
      "<|im_start|>system\nAnswer with the rating only.<|im_end|>\n<|im_start|>user\nRate the product for this user.<|im_end|>\n" +
        `<|im_start|>assistant\n${prefix}`,
    );
    expect(request.body.stop).toEqual(["<|im_end|>", "<|endoftext|>"]);
    expect(request.body.max_tokens).toBe(64);
    expect(result).toMatchObject({ answer: "5", continuation: { mode: "completions-raw" } });
    expect(result.reasoning.endsWith(`${THOUGHT} Item 3: 5 stars.`)).toBe(true);
  });

  it('"none" fails with ContinuationUnsupportedError naming the endpoint and the options, sending nothing', async () => {
    const server = await serve({});
    const error = await continueWith(fakeEndpoint(server, { name: "openai-prod", continuation: "none" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContinuationUnsupportedError);
    const message = (error as Error).message;
    expect(message).toContain('"openai-prod"');
    expect(message).toContain('"vllm"');
    expect(message).toContain('"deepseek-prefix"');
    expect(message).toContain('"completions-raw"');
    expect(server.requests).toHaveLength(0);
  });

  it('"completions-raw" without a template is refused with a clear message', async () => {
    const server = await serve({});
    await expect(continueWith(fakeEndpoint(server, { continuation: "completions-raw" }))).rejects.toThrow(/no rawPromptTemplate/);
  });

  it('"auto" detects vLLM from GET /models once and reuses the answer', async () => {
    const server = await serve({ ownedBy: "vllm", maxModelLen: 32768 });
    const endpoint = fakeEndpoint(server, { continuation: "auto" });
    await continueWith(endpoint);
    await continueWith(endpoint);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.continuation ?? ""}`.trim())).toEqual([
      "GET /v1/models",
      "POST /v1/chat/completions vllm",
      "POST /v1/chat/completions vllm",
    ]);
  });

  it('"auto" falls back to completions-raw when a template is configured and the server is not vLLM', async () => {
    const server = await serve({ ownedBy: "llamacpp" });
    await continueWith(fakeEndpoint(server, { continuation: "auto", rawPromptTemplate: "chatml" }));
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/models", "/v1/completions"]);
  });

  it('"auto" with nothing detected says what it saw and what to set', async () => {
    const server = await serve({ ownedBy: "openai" });
    const error = (await continueWith(fakeEndpoint(server, { continuation: "auto" })).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ContinuationUnsupportedError);
    expect(error.message).toContain('owned_by ["openai"]');
    expect(error.message).toContain("rawPromptTemplate");
  });

  it("a server that rejects the continuation field fails fatally with its 400 message", async () => {
    const server = await serve({ supports: { continueFinalMessage: false } });
    const error = (await continueWith(fakeEndpoint(server, { continuation: "vllm" })).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("HTTP 400");
    expect(error.message).toContain("continue_final_message");
    expect(server.requests).toHaveLength(1);
  });
});
