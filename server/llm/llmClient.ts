/**
 * The one object the pipeline talks to for model calls. It puts together, around a provider:
 * the endpoint's shared adaptive concurrency limit, the retry layer (timeouts, backoff with jitter,
 * Retry-After), the response cache, and progress events (request started / retried / finished).
 *
 *   const llm = createLlmClient({ endpoint, db, cache: true, onEvent });
 *   const result = await llm.complete(messages, { temperature: 0.6 }, { sampleIndex: 0 });
 *   for await (const event of llm.stream(messages, params)) { ... event.type === "result" ... }
 *   for await (const event of llm.continueAssistant(messages, buildThinkingPrefix(soFar, thought), params)) { ... }
 *
 * Streams: the last event is always `result`. Stopping early (break) aborts the HTTP request and
 * frees the slot. A retry after text was already delivered first yields `restart`.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { AttemptTimeout } from "./attemptTimeout";
import { getEndpointLimiter, type AdaptiveConcurrencyLimiter, type LimiterPermit, type PermitOutcome } from "./endpointLimiter";
import { LlmAbortedError, LlmConfigError, LlmError, describeEndpoint } from "./errors";
import { publicEndpointView, validateEndpointConfig, type PublicEndpointView } from "./endpointConfig";
import { OpenAiCompatibleProvider } from "./openAiCompatibleProvider";
import { LlmResponseCache, deltasOfResult, llmCacheKey, type CachedOperation } from "./responseCache";
import { DEFAULT_RETRY_OPTIONS, classifyError, decideRetry, sleep, withRetry, type RetryOptions } from "./retryPolicy";
import type {
  CallOptions,
  ChatMessage,
  EndpointConfig,
  GenerationParams,
  LlmDeltaEvent,
  LlmProvider,
  LlmCaller,
  LlmResult,
  LlmStreamEvent,
  LlmUsage,
} from "./types";

export type LlmOperation = "complete" | "stream" | "continue";

export interface LlmErrorSummary {
  kind: LlmError["kind"];
  status?: number;
  message: string;
}

export type LlmClientEvent =
  | { type: "request-started"; requestId: string; endpoint: string; operation: LlmOperation; attempt: number }
  | {
      type: "request-retried";
      requestId: string;
      endpoint: string;
      operation: LlmOperation;
      /** The attempt that failed (1-based). */
      attempt: number;
      delayMs: number;
      error: LlmErrorSummary;
    }
  | {
      type: "request-finished";
      requestId: string;
      endpoint: string;
      operation: LlmOperation;
      /** cancelled: a stream consumer stopped reading before the end (RPI cutting a trace). */
      outcome: "ok" | "cache-hit" | "error" | "cancelled";
      attempts: number;
      /** Wall time of the whole call: queueing, every attempt and every backoff wait. */
      elapsedMs: number;
      usage?: LlmUsage;
      error?: LlmErrorSummary;
    }
  | { type: "cache-write-failed"; requestId: string; endpoint: string; message: string };

export interface CreateLlmClientOptions {
  endpoint: EndpointConfig;
  /** Needed for the cache; without it `cache` must be false. */
  db?: Db;
  /** Read and write the response cache. False bypasses it entirely (no reads, no writes). */
  cache: boolean;
  onEvent?: (event: LlmClientEvent) => void;
  /** Backoff tuning; maxRetries comes from the endpoint. `random` makes jitter reproducible in tests. */
  retry?: Partial<Omit<RetryOptions, "maxRetries">>;
  /** Successes before the shared limiter grows again (used when this client creates the limiter). */
  increaseAfterSuccesses?: number;
  /** Use this provider instead of the one the endpoint names (e.g. an already loaded local model). */
  provider?: LlmProvider;
}

/** An LlmCaller (complete, stream, continueAssistant: see continuation.ts) that its owner disposes of. */
export interface LlmClient extends LlmCaller {
  /** The endpoint without its key. */
  readonly endpoint: PublicEndpointView;
  /** Current adaptive limit and load of the endpoint (shared across clients). */
  readonly concurrency: { limit: number; maxConcurrency: number; inFlight: number; queued: number };
  dispose(): Promise<void>;
}

/** Drains a stream and returns its final result (events can be observed on the way). */
export async function collectStream(
  stream: AsyncIterable<LlmStreamEvent>,
  onEvent?: (event: LlmStreamEvent) => void,
): Promise<LlmResult> {
  let result: LlmResult | null = null;
  for await (const event of stream) {
    onEvent?.(event);
    if (event.type === "result") result = event.result;
  }
  if (!result) throw new Error("LLM stream ended without a result event.");
  return result;
}

const ROLES = new Set(["system", "user", "assistant"]);

function validateMessages(messages: unknown, endpointName: string, allowTrailingAssistant: boolean): ChatMessage[] {
  const where = `LLM call to endpoint "${endpointName}"`;
  if (!Array.isArray(messages) || messages.length === 0) throw new LlmConfigError(`${where}: messages must be a non-empty array.`);
  messages.forEach((message, index) => {
    if (typeof message !== "object" || message === null) throw new LlmConfigError(`${where}: messages[${index}] is not an object.`);
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== "string" || !ROLES.has(role)) {
      throw new LlmConfigError(`${where}: messages[${index}].role must be "system", "user" or "assistant", got ${JSON.stringify(role)}.`);
    }
    if (typeof content !== "string") throw new LlmConfigError(`${where}: messages[${index}].content must be a string.`);
  });
  const last = messages[messages.length - 1] as ChatMessage;
  if (!allowTrailingAssistant && last.role === "assistant") {
    throw new LlmConfigError(`${where}: the last message is an assistant message; pass a partial assistant turn to continueAssistant as assistantPrefix.`);
  }
  return messages as ChatMessage[];
}

function validateParams(params: GenerationParams, endpointName: string): GenerationParams {
  const where = `LLM call to endpoint "${endpointName}"`;
  const check = (name: keyof GenerationParams, ok: (v: number) => boolean, rule: string) => {
    const value = params[name];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
      throw new LlmConfigError(`${where}: params.${name} must be ${rule}, got ${JSON.stringify(value)}.`);
    }
  };
  check("temperature", (v) => v >= 0, "a number >= 0");
  check("topP", (v) => v > 0 && v <= 1, "a number in (0, 1]");
  check("maxTokens", (v) => Number.isInteger(v) && v > 0, "a positive integer");
  check("seed", (v) => Number.isInteger(v), "an integer");
  if (params.stop !== undefined && (!Array.isArray(params.stop) || params.stop.some((s) => typeof s !== "string" || s === ""))) {
    throw new LlmConfigError(`${where}: params.stop must be an array of non-empty strings.`);
  }
  return params;
}

function summarise(error: unknown): LlmErrorSummary {
  if (error instanceof LlmError) return { kind: error.kind, status: error.status, message: error.message };
  return { kind: "unexpected", message: error instanceof Error ? error.message : String(error) };
}

/** Folds a delta into the list, merging with the previous one of the same type (for the cache). */
function appendDelta(deltas: LlmDeltaEvent[], event: LlmDeltaEvent): void {
  const last = deltas[deltas.length - 1];
  if (last && last.type === event.type) last.text += event.text;
  else deltas.push({ type: event.type, text: event.text });
}

class DefaultLlmClient implements LlmClient {
  readonly #endpoint: EndpointConfig;
  readonly #limiter: AdaptiveConcurrencyLimiter;
  readonly #retry: RetryOptions;
  readonly #cache: LlmResponseCache | null;
  readonly #onEvent?: (event: LlmClientEvent) => void;
  #provider: Promise<LlmProvider> | null;

  constructor(options: CreateLlmClientOptions) {
    this.#endpoint = validateEndpointConfig(options.endpoint);
    if (options.cache && !options.db) {
      throw new LlmConfigError(`createLlmClient for endpoint "${this.#endpoint.name}": cache is on but no db was given.`);
    }
    this.#cache = options.cache && options.db ? new LlmResponseCache(options.db) : null;
    this.#limiter = getEndpointLimiter(this.#endpoint, { increaseAfterSuccesses: options.increaseAfterSuccesses });
    this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry, maxRetries: this.#endpoint.maxRetries };
    this.#onEvent = options.onEvent;
    this.#provider = options.provider ? Promise.resolve(options.provider) : null;
  }

  get endpoint(): PublicEndpointView {
    return publicEndpointView(this.#endpoint);
  }

  get concurrency() {
    const l = this.#limiter;
    return { limit: l.limit, maxConcurrency: l.maxConcurrency, inFlight: l.inFlight, queued: l.queued };
  }

  toJSON(): PublicEndpointView {
    return this.endpoint;
  }

  #providerPromise(): Promise<LlmProvider> {
    if (!this.#provider) {
      const endpoint = this.#endpoint;
      this.#provider =
        endpoint.provider === "local-gguf"
          ? // Loaded on demand: node-llama-cpp is heavy and most endpoints never need it.
            import("./localGgufProvider").then((m) => m.createLocalGgufProvider(endpoint))
          : Promise.resolve(new OpenAiCompatibleProvider(endpoint));
      this.#provider.catch(() => {
        this.#provider = null;
      });
    }
    return this.#provider;
  }

  #emit(event: LlmClientEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // A faulty listener must not fail the model call.
    }
  }

  async #acquire(signal: AbortSignal | undefined): Promise<LimiterPermit> {
    try {
      return await this.#limiter.acquire(signal);
    } catch (reason) {
      throw new LlmAbortedError(this.#endpoint.name, reason);
    }
  }

  #classify(error: unknown, timer: AttemptTimeout, signal: AbortSignal | undefined, streaming: boolean): LlmError {
    return classifyError(error, {
      endpoint: this.#endpoint,
      timedOut: timer.timedOut,
      callerAborted: signal?.aborted === true,
      timeoutMs: this.#endpoint.timeoutMs,
      timeoutWhat: streaming ? "send the next part of its stream" : "answer",
    });
  }

  async #cacheLookup(key: string | null): Promise<{ result: LlmResult; deltas: LlmDeltaEvent[] } | null> {
    if (!key || !this.#cache) return null;
    return this.#cache.get(key);
  }

  async #cacheStore(requestId: string, key: string | null, result: LlmResult, deltas: LlmDeltaEvent[]): Promise<void> {
    if (!key || !this.#cache) return;
    try {
      await this.#cache.put(key, this.#endpoint, result, deltas);
    } catch (error) {
      this.#emit({
        type: "cache-write-failed",
        requestId,
        endpoint: this.#endpoint.name,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #cacheKey(operation: CachedOperation, messages: ChatMessage[], params: GenerationParams, opts: CallOptions, prefix?: string) {
    if (!this.#cache) return null;
    return llmCacheKey({ endpoint: this.#endpoint, operation, messages, params, sampleIndex: opts.sampleIndex, assistantPrefix: prefix });
  }

  async complete(messages: ChatMessage[], params: GenerationParams = {}, opts: CallOptions = {}): Promise<LlmResult> {
    const endpointName = this.#endpoint.name;
    validateMessages(messages, endpointName, false);
    validateParams(params, endpointName);
    const requestId = randomUUID();
    const started = performance.now();
    const finished = (outcome: "ok" | "cache-hit" | "error", attempts: number, extra: { usage?: LlmUsage; error?: LlmErrorSummary }) =>
      this.#emit({
        type: "request-finished",
        requestId,
        endpoint: endpointName,
        operation: "complete",
        outcome,
        attempts,
        elapsedMs: Math.round(performance.now() - started),
        ...extra,
      });

    try {
      const key = this.#cacheKey("chat", messages, params, opts);
      const hit = await this.#cacheLookup(key);
      if (hit) {
        finished("cache-hit", 0, { usage: hit.result.usage });
        return hit.result;
      }
      const provider = await this.#providerPromise();
      const { value, attempts } = await withRetry(
        async (attempt) => {
          this.#emit({ type: "request-started", requestId, endpoint: endpointName, operation: "complete", attempt });
          const permit = await this.#acquire(opts.signal);
          const timer = new AttemptTimeout(this.#endpoint.timeoutMs, opts.signal);
          let outcome: PermitOutcome = "other";
          try {
            const result = await provider.complete(messages, params, { ...opts, signal: timer.signal });
            outcome = "success";
            return result;
          } catch (error) {
            const classified = this.#classify(error, timer, opts.signal, false);
            if (classified.kind === "rate_limited") outcome = "rate_limited";
            throw classified;
          } finally {
            timer.dispose();
            permit.release(outcome);
          }
        },
        this.#retry,
        {
          signal: opts.signal,
          endpointName,
          onRetry: ({ attempt, delayMs, error }) =>
            this.#emit({ type: "request-retried", requestId, endpoint: endpointName, operation: "complete", attempt, delayMs, error: summarise(error) }),
        },
      );
      const result: LlmResult = { ...value, attempts, cacheHit: false };
      await this.#cacheStore(requestId, key, result, deltasOfResult(result));
      finished("ok", attempts, { usage: result.usage });
      return result;
    } catch (error) {
      finished("error", error instanceof LlmError ? error.attempts ?? 0 : 0, { error: summarise(error) });
      throw error;
    }
  }

  stream(messages: ChatMessage[], params: GenerationParams = {}, opts: CallOptions = {}): AsyncIterable<LlmStreamEvent> {
    validateMessages(messages, this.#endpoint.name, false);
    validateParams(params, this.#endpoint.name);
    return this.#runStream("stream", "chat", messages, params, opts, (provider, signal) =>
      provider.stream(messages, params, { ...opts, signal }),
    );
  }

  continueAssistant(
    messages: ChatMessage[],
    assistantPrefix: string,
    params: GenerationParams = {},
    opts: CallOptions = {},
  ): AsyncIterable<LlmStreamEvent> {
    validateMessages(messages, this.#endpoint.name, false);
    validateParams(params, this.#endpoint.name);
    if (typeof assistantPrefix !== "string") {
      throw new LlmConfigError(`continueAssistant on endpoint "${this.#endpoint.name}": assistantPrefix must be a string.`);
    }
    return this.#runStream(
      "continue",
      "continue",
      messages,
      params,
      opts,
      (provider, signal) => provider.continueAssistant(messages, assistantPrefix, params, { ...opts, signal }),
      assistantPrefix,
    );
  }

  async *#runStream(
    operation: LlmOperation,
    cacheOperation: CachedOperation,
    messages: ChatMessage[],
    params: GenerationParams,
    opts: CallOptions,
    open: (provider: LlmProvider, signal: AbortSignal) => AsyncIterable<LlmStreamEvent>,
    assistantPrefix?: string,
  ): AsyncGenerator<LlmStreamEvent> {
    const endpointName = this.#endpoint.name;
    const requestId = randomUUID();
    const started = performance.now();
    let settled = false;
    let attempt = 0;
    const finished = (outcome: "ok" | "cache-hit" | "error" | "cancelled", extra: { usage?: LlmUsage; error?: LlmErrorSummary } = {}) => {
      settled = true;
      this.#emit({
        type: "request-finished",
        requestId,
        endpoint: endpointName,
        operation,
        outcome,
        attempts: outcome === "cache-hit" ? 0 : attempt,
        elapsedMs: Math.round(performance.now() - started),
        ...extra,
      });
    };

    try {
      const key = this.#cacheKey(cacheOperation, messages, params, opts, assistantPrefix);
      const hit = await this.#cacheLookup(key);
      if (hit) {
        finished("cache-hit", { usage: hit.result.usage });
        for (const delta of hit.deltas) yield { ...delta };
        yield { type: "result", result: hit.result };
        return;
      }
      const provider = await this.#providerPromise();
      for (;;) {
        attempt++;
        this.#emit({ type: "request-started", requestId, endpoint: endpointName, operation, attempt });
        const permit = await this.#acquire(opts.signal);
        const timer = new AttemptTimeout(this.#endpoint.timeoutMs, opts.signal);
        let outcome: PermitOutcome = "other";
        let delivered = false;
        let result: LlmResult | null = null;
        const deltas: LlmDeltaEvent[] = [];
        let failure: LlmError | null = null;
        try {
          for await (const event of open(provider, timer.signal)) {
            if (event.type === "result") {
              result = event.result;
              continue;
            }
            if (event.type === "restart") continue;
            delivered = true;
            appendDelta(deltas, event);
            // The consumer's time with a chunk is not the server's silence.
            timer.pause();
            yield event;
            timer.arm();
          }
          if (!result) {
            throw new LlmError(`LLM endpoint ${describeEndpoint(this.#endpoint)} ended its stream without finishing the response.`, {
              kind: "malformed_response",
              endpoint: endpointName,
              retryable: true,
            });
          }
          outcome = "success";
        } catch (error) {
          failure = this.#classify(error, timer, opts.signal, true);
          if (failure.kind === "rate_limited") outcome = "rate_limited";
        } finally {
          timer.dispose();
          permit.release(outcome);
        }

        if (failure) {
          const decision = decideRetry(failure, attempt, this.#retry);
          if (!decision.retry) {
            finished("error", { error: summarise(decision.error) });
            throw decision.error;
          }
          this.#emit({
            type: "request-retried",
            requestId,
            endpoint: endpointName,
            operation,
            attempt,
            delayMs: decision.delayMs,
            error: summarise(failure),
          });
          try {
            await sleep(decision.delayMs, opts.signal);
          } catch (reason) {
            const aborted = new LlmAbortedError(endpointName, reason);
            finished("error", { error: summarise(aborted) });
            throw aborted;
          }
          if (delivered) yield { type: "restart", attempt: attempt + 1, reason: failure.message };
          continue;
        }

        const final: LlmResult = { ...result!, attempts: attempt, cacheHit: false };
        await this.#cacheStore(requestId, key, final, deltas);
        finished("ok", { usage: final.usage });
        yield { type: "result", result: final };
        return;
      }
    } catch (error) {
      if (!settled) finished("error", { error: summarise(error) });
      throw error;
    } finally {
      if (!settled) finished("cancelled");
    }
  }

  async dispose(): Promise<void> {
    const provider = this.#provider;
    this.#provider = null;
    if (provider) await (await provider).dispose();
  }
}

export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  return new DefaultLlmClient(options);
}
