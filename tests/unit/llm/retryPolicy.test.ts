import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import { LlmAbortedError, LlmError } from "../../../server/llm/errors";
import {
  backoffDelayMs,
  classifyError,
  decideRetry,
  parseRetryAfterMs,
  withRetry,
  type RetryOptions,
} from "../../../server/llm/retryPolicy";
import { mulberry32 as seededRandom } from "../../../server/metrics/stats/random";
import type { EndpointConfig } from "../../../server/llm/types";

const SECRET = "sk-test-SECRET-0123456789abcdef";

const endpoint: EndpointConfig = {
  name: "lab-vllm",
  provider: "openai-compatible",
  baseUrl: "http://10.0.0.5:8000/v1",
  apiKey: SECRET,
  model: "r1-distill-7b",
  continuation: "auto",
  maxConcurrency: 4,
  timeoutMs: 1000,
  maxRetries: 2,
};

const context = { endpoint, timedOut: false, callerAborted: false, timeoutMs: 1000 };

function apiError(status: number, message: string, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { message }, message, new Headers(headers));
}

const options: RetryOptions = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000, random: seededRandom(1) };

describe("parseRetryAfterMs", () => {
  it("reads delta seconds, decimals, retry-after-ms and HTTP dates", () => {
    expect(parseRetryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfterMs({ "Retry-After": "0.5" })).toBe(500);
    expect(parseRetryAfterMs(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:03 GMT" }), now)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }), now)).toBe(0);
  });

  it("returns undefined when absent or unreadable", () => {
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("stays below the doubling ceiling and the cap, and is reproducible with a seed", () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelayMs(i, { baseDelayMs: 100, maxDelayMs: 1000, random }));
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** i));
    });
    const again = seededRandom(42);
    expect(Array.from({ length: 8 }, (_, i) => backoffDelayMs(i, { baseDelayMs: 100, maxDelayMs: 1000, random: again }))).toEqual(delays);
  });

  it("uses the full jitter range", () => {
    expect(backoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.999 })).toBe(799);
    expect(backoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0 })).toBe(0);
  });
});

describe("classifyError", () => {
  it("marks 429 retryable and keeps its Retry-After", () => {
    const error = classifyError(apiError(429, "slow down", { "retry-after": "3" }), context);
    expect(error).toMatchObject({ kind: "rate_limited", retryable: true, status: 429, retryAfterMs: 3000, endpoint: "lab-vllm" });
  });

  it.each([500, 502, 503, 408])("marks HTTP %i retryable", (status) => {
    expect(classifyError(apiError(status, "oops"), context).retryable).toBe(true);
  });

  it.each([
    [400, "bad_request"],
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not_found"],
    [422, "unprocessable"],
  ])("marks HTTP %i fatal as %s, naming endpoint and status", (status, kind) => {
    const error = classifyError(apiError(status, "nope"), context);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain('"lab-vllm"');
    expect(error.message).toContain("http://10.0.0.5:8000/v1");
  });

  it("never puts the API key in the message, even when the server echoes it", () => {
    const error = classifyError(apiError(401, `Incorrect API key provided: ${SECRET}. Also ${SECRET.slice(0, 10)}...`), context);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET.slice(0, 8));
    expect(JSON.stringify(error)).not.toContain(SECRET.slice(0, 8));
    expect(error.message).toContain("check the API key");
  });

  it("classifies timeouts, connection failures, resets and malformed JSON as retryable", () => {
    expect(classifyError(new APIUserAbortError(), { ...context, timedOut: true })).toMatchObject({ kind: "timeout", retryable: true });
    expect(classifyError(new APIUserAbortError(), { ...context, timedOut: true }).message).toContain("within 1000 ms");
    expect(classifyError(new APIConnectionError({ message: "Connection error." }), context)).toMatchObject({ kind: "connection", retryable: true });
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(classifyError(new TypeError("terminated", { cause: reset }), context)).toMatchObject({ kind: "connection", retryable: true });
    expect(classifyError(new SyntaxError("Unexpected token } in JSON"), context)).toMatchObject({ kind: "malformed_response", retryable: true });
  });

  it("turns a caller abort into LlmAbortedError, not a retry", () => {
    const error = classifyError(new APIUserAbortError(), { ...context, callerAborted: true });
    expect(error).toBeInstanceOf(LlmAbortedError);
    expect(error.retryable).toBe(false);
  });

  it("treats unknown failures as fatal with their message", () => {
    expect(classifyError(new RangeError("weird"), context)).toMatchObject({ kind: "unexpected", retryable: false });
  });
});

describe("decideRetry", () => {
  const retryable = () => new LlmError("boom", { kind: "server_error", endpoint: "e", retryable: true, status: 500 });

  it("retries within the budget and gives up after it, saying how many attempts", () => {
    expect(decideRetry(retryable(), 1, options).retry).toBe(true);
    expect(decideRetry(retryable(), 2, options).retry).toBe(true);
    const last = decideRetry(retryable(), 3, options);
    expect(last.retry).toBe(false);
    if (!last.retry) {
      expect(last.error.message).toContain("gave up after 3 attempts");
      expect(last.error.attempts).toBe(3);
    }
  });

  it("waits exactly what Retry-After asks, and refuses waits over the limit", () => {
    const withHeader = new LlmError("429", { kind: "rate_limited", endpoint: "e", retryable: true, retryAfterMs: 1200 });
    expect(decideRetry(withHeader, 1, options)).toEqual({ retry: true, delayMs: 1200 });
    const tooLong = new LlmError("429", { kind: "rate_limited", endpoint: "e", retryable: true, retryAfterMs: 60_000 });
    const decision = decideRetry(tooLong, 1, options);
    expect(decision.retry).toBe(false);
    if (!decision.retry) expect(decision.error.message).toMatch(/asked to wait 60 s .* 5 s limit/);
  });

  it("never retries fatal errors", () => {
    const fatal = new LlmError("400", { kind: "bad_request", endpoint: "e", retryable: false, status: 400 });
    expect(decideRetry(fatal, 1, options)).toEqual({ retry: false, error: fatal });
  });
});

describe("withRetry", () => {
  it("retries retryable failures then returns the value and the attempt count", async () => {
    const retries: number[] = [];
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new LlmError("flaky", { kind: "server_error", endpoint: "e", retryable: true });
        return "ok";
      },
      { ...options, baseDelayMs: 1 },
      { endpointName: "e", onRetry: (info) => retries.push(info.attempt) },
    );
    expect(out).toEqual({ value: "ok", attempts: 3 });
    expect(retries).toEqual([1, 2]);
  });

  it("stops at the first fatal error", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new LlmError("bad", { kind: "bad_request", endpoint: "e", retryable: false, status: 400 });
        },
        options,
        { endpointName: "e" },
      ),
    ).rejects.toMatchObject({ kind: "bad_request", attempts: 1 });
    expect(calls).toBe(1);
  });

  it("aborts a backoff wait when the caller's signal fires", async () => {
    const controller = new AbortController();
    const pending = withRetry(
      async () => {
        throw new LlmError("flaky", { kind: "server_error", endpoint: "e", retryable: true, retryAfterMs: 4000 });
      },
      options,
      { endpointName: "e", signal: controller.signal, onRetry: () => controller.abort() },
    );
    await expect(pending).rejects.toBeInstanceOf(LlmAbortedError);
  });
});
