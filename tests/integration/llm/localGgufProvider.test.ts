import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildThinkingPrefix } from "../../../server/llm/continuation";
import { collectStream, createLlmClient, type LlmClient } from "../../../server/llm/llmClient";
import { getLocalModel, unloadLocalModels } from "../../../server/llm/localGgufProvider";
import type { EndpointConfig, LlmStreamEvent } from "../../../server/llm/types";
import { resetLlmProcessState } from "../../support/llmTestSupport";
import { writeTinyGguf } from "../../support/tinyGguf";

// One model load (a few seconds on a shared CPU) serves every case in this file.
let dir: string;
let llm: LlmClient;
const modelsDirBefore = process.env.STUDIO_MODELS_DIR;

beforeAll(async () => {
  resetLlmProcessState();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tiny-gguf-"));
  // The provider loads only files under STUDIO_MODELS_DIR.
  process.env.STUDIO_MODELS_DIR = dir;
  const modelPath = writeTinyGguf(path.join(dir, "tiny-thinking.gguf"));
  const endpoint: EndpointConfig = {
    name: "tiny-local",
    provider: "local-gguf",
    modelPath,
    model: "tiny-thinking",
    continuation: "auto",
    maxConcurrency: 1,
    timeoutMs: 60_000,
    maxRetries: 0,
    contextSize: 256,
  };
  // Loading happens here, under the hook timeout, so the cases below only generate.
  await getLocalModel(endpoint);
  llm = createLlmClient({ endpoint, cache: false });
});

afterAll(async () => {
  await llm.dispose();
  await unloadLocalModels();
  fs.rmSync(dir, { recursive: true, force: true });
  if (modelsDirBefore === undefined) delete process.env.STUDIO_MODELS_DIR;
  else process.env.STUDIO_MODELS_DIR = modelsDirBefore;
});

const messages = [{ role: "user" as const, content: "Which tag fits this movie?" }];

describe("local GGUF provider (tiny test-written model, real llama.cpp)", { timeout: 120_000 }, () => {
  it("generates a thinking trace and an answer, streamed and split", async () => {
    const events: LlmStreamEvent[] = [];
    const result = await collectStream(llm.stream(messages, { maxTokens: 24 }), (e) => events.push(e));
    expect(result.reasoning).toBe("the profile favours comedy .");
    expect(result.answer).toBe("[comedy]");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.estimated).toBe(false);
    expect(result.usage.completionTokens).toBeGreaterThanOrEqual(8);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    const firstContent = events.findIndex((e) => e.type === "content" && e.text.trim() !== "");
    expect(events.slice(0, firstContent).some((e) => e.type === "reasoning")).toBe(true);

    const completed = await llm.complete(messages, { maxTokens: 24 });
    expect(completed).toMatchObject({ reasoning: result.reasoning, answer: result.answer, attempts: 1 });
  });

  it("continues a partial assistant turn with an injected thought", async () => {
    const prefix = buildThinkingPrefix("the profile", "use past items");
    const result = await collectStream(llm.continueAssistant(messages, prefix, { maxTokens: 24 }));
    expect(result.content.trim()).toBe(". </think> [comedy]");
    expect(result.reasoning).toBe("the profile\n\nuse past items .");
    expect(result.answer).toBe("[comedy]");
    expect(result.continuation).toEqual({ mode: "local-raw", prefix });
  });

  it("stops at maxTokens with finishReason length", async () => {
    const result = await llm.complete(messages, { maxTokens: 3 });
    expect(result.finishReason).toBe("length");
    expect(result.usage.completionTokens).toBe(3);
    expect(result.answer).toBe("");
  });
});
