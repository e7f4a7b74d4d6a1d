import { describe, expect, it } from "vitest";
import { defaultEndpointFromEnv, endpointsFromEnv, parseEndpointConfig, publicEndpointView } from "../../../server/llm/endpointConfig";

const KEY = "sk-config-test-0123456789abcdef";

describe("parseEndpointConfig", () => {
  it("fills in defaults", () => {
    const config = parseEndpointConfig({ name: "vllm", provider: "openai-compatible", baseUrl: "http://h:8000/v1", model: "m" });
    expect(config).toMatchObject({ continuation: "auto", maxConcurrency: 4, timeoutMs: 120_000, maxRetries: 4 });
  });

  it("names a local model after its file", () => {
    const config = parseEndpointConfig({ name: "local", provider: "local-gguf", modelPath: "/models/Qwen3-0.6B-Q8_0.gguf" });
    expect(config.model).toBe("Qwen3-0.6B-Q8_0");
  });

  it("lists every bad field and never the key", () => {
    const attempt = () =>
      parseEndpointConfig({ name: "bad", provider: "openai-compatible", baseUrl: "ftp://x", apiKey: KEY, maxConcurrency: 0, continuation: "magic" });
    expect(attempt).toThrow(/Invalid LLM endpoint "bad": .*baseUrl must be an http\(s\) URL/);
    expect(attempt).toThrow(/maxConcurrency/);
    expect(attempt).toThrow(/continuation/);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain(KEY);
    }
  });

  it("requires baseUrl and model for URL endpoints", () => {
    expect(() => parseEndpointConfig({ name: "u", provider: "openai-compatible" })).toThrow(
      /baseUrl is required for an OpenAI-compatible endpoint; model is required/,
    );
  });

  it("requires modelPath for local files", () => {
    expect(() => parseEndpointConfig({ name: "l", provider: "local-gguf" })).toThrow(/modelPath is required/);
  });
});

describe("publicEndpointView", () => {
  it("drops the key and header values but says whether there is a key", () => {
    const config = parseEndpointConfig({
      name: "ds",
      provider: "openai-compatible",
      baseUrl: "https://user:pass@api.example.com/v1?api-key=abc",
      apiKey: KEY,
      model: "deepseek-reasoner",
      headers: { "api-key": KEY },
    });
    const view = publicEndpointView(config);
    expect(view).toMatchObject({ hasApiKey: true, headerNames: ["api-key"], model: "deepseek-reasoner" });
    expect(JSON.stringify(view)).not.toContain(KEY);
    expect(JSON.stringify(view)).not.toContain("pass");
    expect(JSON.stringify(view)).not.toContain("abc");
    expect("apiKey" in view).toBe(false);
  });
});

describe("endpointsFromEnv", () => {
  it("reads the URL endpoint and the local file, URL first", () => {
    const endpoints = endpointsFromEnv({
      STUDIO_LLM_BASE_URL: "http://127.0.0.1:8000/v1",
      STUDIO_LLM_API_KEY: KEY,
      STUDIO_LLM_MODEL: "r1-distill",
      STUDIO_LLM_CONTINUATION: "vllm",
      STUDIO_LLM_MAX_CONCURRENCY: "8",
      STUDIO_LLM_GGUF_PATH: "/models/tiny.gguf",
    });
    expect(endpoints).toHaveLength(2);
    expect(endpoints[0]).toMatchObject({ name: "default", provider: "openai-compatible", apiKey: KEY, model: "r1-distill", continuation: "vllm", maxConcurrency: 8 });
    expect(endpoints[1]).toMatchObject({ name: "local-gguf", provider: "local-gguf", modelPath: "/models/tiny.gguf", model: "tiny", continuation: "auto" });
  });

  it("is empty when nothing is configured", () => {
    expect(endpointsFromEnv({})).toEqual([]);
    expect(defaultEndpointFromEnv({})).toBeNull();
  });

  it("names the variable that is wrong", () => {
    expect(() => endpointsFromEnv({ STUDIO_LLM_BASE_URL: "http://h/v1" })).toThrow(/STUDIO_LLM_MODEL is required/);
    expect(() => endpointsFromEnv({ STUDIO_LLM_BASE_URL: "http://h/v1", STUDIO_LLM_MODEL: "m", STUDIO_LLM_CONTINUATION: "prefix" })).toThrow(
      /STUDIO_LLM_CONTINUATION must be one of auto, vllm, deepseek-prefix, completions-raw, none, got "prefix"/,
    );
    expect(() => endpointsFromEnv({ STUDIO_LLM_GGUF_PATH: "/m.gguf", STUDIO_LLM_TIMEOUT_MS: "soon" })).toThrow(/STUDIO_LLM_TIMEOUT_MS must be a whole number/);
    expect(() => endpointsFromEnv({ STUDIO_LLM_BASE_URL: "not a url", STUDIO_LLM_MODEL: "m" })).toThrow(/STUDIO_LLM_BASE_URL/);
  });
});
