/**
 * The one retry layer of the LLM client: which errors are worth another attempt, how long to wait
 * (exponential backoff with full jitter, or what the server asked for in Retry-After), and when to
 * give up. Retryable: 408, 409, 429, 5xx, timeouts, connection failures and resets, malformed
 * responses. Fatal: other 4xx (400, 401, 403, 404, 422 ...), unsupported continuation, caller aborts.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { redactUrlsIn } from "../urlCredentials";
import { LlmAbortedError, LlmError, describeEndpoint, redactSecrets, type LlmErrorKind } from "./errors";
import type { EndpointConfig } from "./types";

export interface RetryOptions {
  maxRetries: number;
  /** First backoff ceiling; doubles per retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the request instead of stalling a run. */
  maxRetryAfterMs: number;
  /** Uniform [0, 1) source for the jitter; tests pass a seeded one (the statistics' mulberry32). */
  random: () => number;
}

export const DEFAULT_RETRY_OPTIONS: Omit<RetryOptions, "maxRetries"> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retryIndex)). retryIndex starts at 0. */
export function backoffDelayMs(retryIndex: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retryIndex);
  return Math.floor(options.random() * ceiling);
}

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Server-requested wait in ms: `retry-after-ms` (OpenAI), else `Retry-After` as delta-seconds
 * (decimals allowed) or an HTTP-date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const ms = readHeader(headers, "retry-after-ms");
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const value = readHeader(headers, "retry-after");
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const STATUS_HINTS: Record<number, { kind: LlmErrorKind; hint: string }> = {
  400: { kind: "bad_request", hint: "bad request: the server rejected the request" },
  401: { kind: "unauthorized", hint: "unauthorized: check the API key" },
  403: { kind: "forbidden", hint: "forbidden: the key may not use this model" },
  404: { kind: "not_found", hint: "not found: check the base URL and the model name" },
  422: { kind: "unprocessable", hint: "unprocessable: the server could not use the request parameters" },
  429: { kind: "rate_limited", hint: "rate limited" },
};

export interface ClassifyContext {
  endpoint: EndpointConfig;
  /** Our per-attempt timer fired (the abort was ours, not the caller's). */
  timedOut: boolean;
  /** The caller's signal fired. */
  callerAborted: boolean;
  timeoutMs: number;
  /** Words for the wait that timed out, e.g. "answer" or "send the next chunk". */
  timeoutWhat?: string;
}

const CONNECTION_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(": ");
}

/** Turns anything a provider threw into an LlmError that says what happened, where, and whether to retry. */
export function classifyError(error: unknown, context: ClassifyContext): LlmError {
  if (error instanceof LlmError) return error;
  const { endpoint } = context;
  const where = describeEndpoint(endpoint);
  // Server texts may echo the key; the HTTP client's own messages quote the URL it failed on.
  const clean = (text: string) => redactUrlsIn(redactSecrets(text, [endpoint.apiKey]));
  if (context.callerAborted) return new LlmAbortedError(endpoint.name, error);
  if (context.timedOut || error instanceof APIConnectionTimeoutError) {
    return new LlmError(
      `LLM endpoint ${where} did not ${context.timeoutWhat ?? "answer"} within ${context.timeoutMs} ms (timeoutMs).`,
      { kind: "timeout", endpoint: endpoint.name, retryable: true, cause: error },
    );
  }
  if (error instanceof APIUserAbortError) return new LlmAbortedError(endpoint.name, error);
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const known = STATUS_HINTS[status];
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const kind: LlmErrorKind = known?.kind ?? (status >= 500 ? "server_error" : retryable ? "server_error" : "bad_request");
    const hint = known?.hint ?? (status >= 500 ? "server error" : retryable ? "temporary failure" : "request refused");
    const detail = clean(error.message.replace(/^\d{3}\s*/, ""));
    return new LlmError(`LLM endpoint ${where} answered HTTP ${status} (${hint})${detail ? `: ${detail}` : "."}`, {
      kind,
      endpoint: endpoint.name,
      status,
      retryable,
      retryAfterMs: parseRetryAfterMs(error.headers),
      // No cause: the client's error keeps the raw server text, which may echo the key.
    });
  }
  if (error instanceof SyntaxError) {
    return new LlmError(`LLM endpoint ${where} sent a response that is not valid JSON: ${clean(error.message)}`, {
      kind: "malformed_response",
      endpoint: endpoint.name,
      retryable: true,
      cause: error,
    });
  }
  const code = errorCode(error);
  const message = clean(causeMessage(error));
  if (
    error instanceof APIConnectionError ||
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /terminated|socket hang up|fetch failed|other side closed|ECONNRESET/i.test(message)
  ) {
    return new LlmError(`LLM endpoint ${where}: connection failed${code ? ` (${code})` : ""}: ${message || "no details"}`, {
      kind: "connection",
      endpoint: endpoint.name,
      retryable: true,
      cause: error,
    });
  }
  if (/could not parse|unexpected token|json/i.test(message)) {
    return new LlmError(`LLM endpoint ${where} sent a malformed response: ${message}`, {
      kind: "malformed_response",
      endpoint: endpoint.name,
      retryable: true,
      cause: error,
    });
  }
  return new LlmError(`LLM endpoint ${where}: unexpected failure: ${message || String(error)}`, {
    kind: "unexpected",
    endpoint: endpoint.name,
    retryable: false,
    cause: error,
  });
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: LlmError };

/** After attempt number `attempt` (1-based) failed with `error`: wait and retry, or give up with what. */
export function decideRetry(error: LlmError, attempt: number, options: RetryOptions): RetryDecision {
  if (!error.retryable) {
    error.attempts = attempt;
    return { retry: false, error };
  }
  if (attempt > options.maxRetries) {
    return { retry: false, error: exhausted(error, attempt, `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}`) };
  }
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > options.maxRetryAfterMs) {
      return {
        retry: false,
        error: exhausted(
          error,
          attempt,
          `the server asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s (Retry-After), more than the ${Math.ceil(options.maxRetryAfterMs / 1000)} s limit`,
        ),
      };
    }
    return { retry: true, delayMs: error.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt - 1, options) };
}

function exhausted(error: LlmError, attempts: number, why: string): LlmError {
  const final = new LlmError(`${error.message} (${why})`, {
    kind: error.kind,
    endpoint: error.endpoint,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    attempts,
    cause: error,
  });
  return final;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryHooks {
  signal?: AbortSignal;
  endpointName: string;
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

/**
 * Runs `attempt` until it succeeds, fails fatally, or retries run out. `attempt` must throw LlmError
 * (classifyError). Returns the value and how many attempts it took.
 */
export async function withRetry<T>(
  attemptFn: (attempt: number) => Promise<T>,
  options: RetryOptions,
  hooks: RetryHooks,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await attemptFn(attempt), attempts: attempt };
    } catch (raw) {
      const error =
        raw instanceof LlmError
          ? raw
          : new LlmError(`LLM endpoint "${hooks.endpointName}": ${redactUrlsIn(raw instanceof Error ? raw.message : String(raw))}`, {
              kind: "unexpected",
              endpoint: hooks.endpointName,
              retryable: false,
              cause: raw,
            });
      const decision = decideRetry(error, attempt, options);
      if (!decision.retry) throw decision.error;
      hooks.onRetry?.({ attempt, delayMs: decision.delayMs, error });
      try {
        await sleep(decision.delayMs, hooks.signal);
      } catch (abortReason) {
        throw new LlmAbortedError(hooks.endpointName, abortReason);
      }
    }
  }
}
