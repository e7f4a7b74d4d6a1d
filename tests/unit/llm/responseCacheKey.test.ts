import { describe, expect, it } from "vitest";
import { endpointAddress, llmCacheKey, stableStringify } from "../../../server/llm/responseCache";
import type { EndpointConfig } from "../../../server/llm/types";

const endpoint: EndpointConfig = {
  name: "e",
  provider: "openai-compatible",
  baseUrl: "http://h:8000/v1",
  apiKey: "sk-one-0123456789",
  model: "m",
  continuation: "auto",
  maxConcurrency: 1,
  timeoutMs: 1000,
  maxRetries: 0,
};
const base = { endpoint, operation: "chat" as const, messages: [{ role: "user" as const, content: "hi" }], params: { temperature: 0.5 } };

describe("llmCacheKey", () => {
  it("is a sha256 hex that ignores key order and undefined params", () => {
    const key = llmCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(llmCacheKey({ ...base, params: { maxTokens: undefined, temperature: 0.5 } })).toBe(key);
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });

  it("does not depend on the API key, the endpoint's name or its limits", () => {
    const other = { ...endpoint, apiKey: "sk-two-9876543210", name: "renamed", maxConcurrency: 9 };
    expect(llmCacheKey({ ...base, endpoint: other })).toBe(llmCacheKey(base));
  });

  it("changes with address, model, messages, params, sample index, operation and prefix", () => {
    const key = llmCacheKey(base);
    const variants = [
      llmCacheKey({ ...base, endpoint: { ...endpoint, baseUrl: "http://other:8000/v1" } }),
      llmCacheKey({ ...base, endpoint: { ...endpoint, model: "m2" } }),
      llmCacheKey({ ...base, messages: [{ role: "user", content: "hi!" }] }),
      llmCacheKey({ ...base, params: { temperature: 0.6 } }),
      llmCacheKey({ ...base, sampleIndex: 1 }),
      llmCacheKey({ ...base, operation: "continue", assistantPrefix: "" }),
      llmCacheKey({ ...base, operation: "continue", assistantPrefix: "<think>a" }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
    expect(llmCacheKey({ ...base, sampleIndex: 0 })).toBe(key);
  });

  it("uses the model file as the address of a local model", () => {
    expect(endpointAddress({ provider: "local-gguf", modelPath: "/models/a.gguf" })).toBe("gguf:/models/a.gguf");
    expect(endpointAddress({ provider: "openai-compatible", baseUrl: "http://h:1/v1/" })).toBe("http://h:1/v1");
  });
});
