/** Endpoint and client settings shared by the LLM layer tests. */
import { resetContinuationProbes } from "../../server/llm/continuation";
import { resetEndpointLimiters } from "../../server/llm/endpointLimiter";
import { mulberry32 as seededRandom } from "../../server/metrics/stats/random";
import type { EndpointConfig } from "../../server/llm/types";
import type { FakeOpenAiServer } from "./fakeOpenAiServer";

/** Looks like a real key, so a leak would be recognisable in any text. */
export const TEST_API_KEY = "sk-studio-test-7f3a9c1e5b2d4f60a8e1";

export function fakeEndpoint(server: FakeOpenAiServer, overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    name: "fake",
    provider: "openai-compatible",
    baseUrl: server.baseUrl,
    apiKey: TEST_API_KEY,
    model: "fake-model",
    continuation: "auto",
    maxConcurrency: 4,
    timeoutMs: 5000,
    maxRetries: 2,
    ...overrides,
  };
}

/** Short, reproducible backoff so retry tests stay quick. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, random: seededRandom(7) };

/** Shared per-process state (limiters, continuation probes) is reset between tests. */
export function resetLlmProcessState(): void {
  resetEndpointLimiters();
  resetContinuationProbes();
}
