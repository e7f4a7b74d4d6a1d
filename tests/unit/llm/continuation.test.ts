import { describe, expect, it } from "vitest";
import {
  buildDeepSeekPrefixMessages,
  buildForcedAnswerPrefix,
  buildThinkingPrefix,
  buildVllmContinuation,
  deepSeekPrefixBaseUrl,
  resolveContinuationMode,
} from "../../../server/llm/continuation";
import { ContinuationUnsupportedError } from "../../../server/llm/errors";
import { extractContinuedReasoning } from "../../../server/llm/reasoningExtraction";
import type { EndpointConfig } from "../../../server/llm/types";

const user = [{ role: "user" as const, content: "q" }];

const endpoint = (overrides: Partial<EndpointConfig>): EndpointConfig => ({
  name: "e",
  provider: "openai-compatible",
  baseUrl: "http://10.1.1.1:8000/v1",
  model: "m",
  continuation: "auto",
  maxConcurrency: 1,
  timeoutMs: 1000,
  maxRetries: 0,
  ...overrides,
});

describe("prefix builders", () => {
  it("keeps the thinking block open after the injected thought", () => {
    const prefix = buildThinkingPrefix("Hmm, wait.  \n", "  I should use the profile.  ");
    expect(prefix).toBe("<think>\nHmm, wait.\n\nI should use the profile.");
    expect(extractContinuedReasoning(prefix, { content: "" })).toEqual({
      reasoning: "Hmm, wait.\n\nI should use the profile.",
      answer: "",
    });
  });

  it("closes the reasoning for a forced answer", () => {
    const prefix = buildForcedAnswerPrefix("Enough thinking.", "The answer is ");
    expect(prefix).toBe("<think>\nEnough thinking.\n</think>\n\nThe answer is ");
    expect(extractContinuedReasoning(prefix, { content: "[2]" })).toEqual({ reasoning: "Enough thinking.", answer: "The answer is [2]" });
  });

  it("puts the partial turn last for vLLM", () => {
    expect(buildVllmContinuation(user, "<think>x")).toEqual({
      messages: [...user, { role: "assistant", content: "<think>x" }],
      extraBody: { continue_final_message: true, add_generation_prompt: false },
    });
  });

  it("splits reasoning into reasoning_content for DeepSeek and leaves plain prefixes as content", () => {
    expect(buildDeepSeekPrefixMessages(user, "<think>\nso far").at(-1)).toEqual({
      role: "assistant",
      content: "",
      reasoning_content: "so far",
      prefix: true,
    });
    expect(buildDeepSeekPrefixMessages(user, "```python\n").at(-1)).toEqual({ role: "assistant", content: "```python\n", prefix: true });
    expect(buildDeepSeekPrefixMessages(user, "<think>done</think>\n\nAnswer:").at(-1)).toMatchObject({ content: "Answer:", reasoning_content: "done" });
    // A closed reasoning with no answer prefix (a budget stop) still sends a content: an empty one
    // would be continued as reasoning, losing the stop.
    expect(buildDeepSeekPrefixMessages(user, "<think>\nenough</think>\n\n").at(-1)).toEqual({
      role: "assistant",
      content: "\n",
      reasoning_content: "enough",
      prefix: true,
    });
  });

  it("sends DeepSeek prefix completion to its /beta base URL and leaves other hosts alone", () => {
    expect(deepSeekPrefixBaseUrl("https://api.deepseek.com")).toBe("https://api.deepseek.com/beta");
    expect(deepSeekPrefixBaseUrl("https://api.deepseek.com/v1")).toBe("https://api.deepseek.com/beta");
    expect(deepSeekPrefixBaseUrl("https://api.deepseek.com/beta")).toBe("https://api.deepseek.com/beta");
    expect(deepSeekPrefixBaseUrl("http://10.0.0.1:8000/v1")).toBe("http://10.0.0.1:8000/v1");
  });
});

describe("resolveContinuationMode", () => {
  it("uses explicit modes as given and local files natively", async () => {
    expect(await resolveContinuationMode(endpoint({ continuation: "vllm" }))).toBe("vllm");
    expect(await resolveContinuationMode(endpoint({ continuation: "completions-raw", rawPromptTemplate: "chatml" }))).toBe("completions-raw");
    expect(await resolveContinuationMode(endpoint({ provider: "local-gguf", modelPath: "/x.gguf", continuation: "none" }))).toBe("local-raw");
  });

  it("recognises the DeepSeek API without probing", async () => {
    let probed = false;
    const mode = await resolveContinuationMode(endpoint({ baseUrl: "https://api.deepseek.com/v1", name: "ds" }), async () => {
      probed = true;
      return [];
    });
    expect(mode).toBe("deepseek-prefix");
    expect(probed).toBe(false);
  });

  it("reports a failed probe and does not remember it", async () => {
    const config = endpoint({ baseUrl: "http://10.9.9.9:1/v1" });
    await expect(
      resolveContinuationMode(config, async () => {
        throw new Error("connect ECONNREFUSED");
      }),
    ).rejects.toThrow(/capability probe failed: GET \/models failed \(connect ECONNREFUSED\)/);
    expect(await resolveContinuationMode(config, async () => [{ id: "m", owned_by: "vllm" }])).toBe("vllm");
  });

  it("refuses none with a typed error", async () => {
    await expect(resolveContinuationMode(endpoint({ continuation: "none" }))).rejects.toBeInstanceOf(ContinuationUnsupportedError);
  });
});
