/**
 * Per-endpoint adaptive concurrency (AIMD): the number of requests in flight to one endpoint starts at
 * maxConcurrency, halves when the endpoint answers 429, and grows by one after a run of successes, up
 * to maxConcurrency again. One limiter per endpoint per process, shared by every client and run, since
 * the endpoint's rate limit is shared too.
 */
import type { EndpointConfig } from "./types";

export type PermitOutcome = "success" | "rate_limited" | "other";

export interface LimiterPermit {
  /** Frees the slot; the outcome drives the adaptive limit. Later calls are ignored. */
  release(outcome: PermitOutcome): void;
}

export interface AdaptiveLimiterOptions {
  maxConcurrency: number;
  /** Consecutive successes needed before the limit grows by one. */
  increaseAfterSuccesses?: number;
  onLimitChange?: (limit: number, reason: "rate_limited" | "recovered" | "reconfigured") => void;
}

interface Waiter {
  resolve: (permit: LimiterPermit) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class AdaptiveConcurrencyLimiter {
  private max: number;
  private current: number;
  private running = 0;
  private successesSinceChange = 0;
  /** Bumped on every decrease, so a burst of 429s from requests sent at the old limit halves only once. */
  private epoch = 0;
  private readonly waiters: Waiter[] = [];
  private readonly increaseAfterSuccesses: number;
  private readonly onLimitChange?: AdaptiveLimiterOptions["onLimitChange"];

  constructor(options: AdaptiveLimiterOptions) {
    this.max = validMax(options.maxConcurrency);
    this.current = this.max;
    this.increaseAfterSuccesses = Math.max(1, Math.floor(options.increaseAfterSuccesses ?? 5));
    this.onLimitChange = options.onLimitChange;
  }

  get limit(): number {
    return this.current;
  }

  get maxConcurrency(): number {
    return this.max;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiters.length;
  }

  setMaxConcurrency(maxConcurrency: number): void {
    const max = validMax(maxConcurrency);
    if (max === this.max) return;
    this.max = max;
    this.current = Math.min(this.current, max);
    if (this.current < 1) this.current = 1;
    this.onLimitChange?.(this.current, "reconfigured");
    this.dispatch();
  }

  /** Waits for a free slot (FIFO). Rejects with the signal's reason if it aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<LimiterPermit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.current && this.waiters.length === 0) return Promise.resolve(this.grant());
    return new Promise<LimiterPermit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index !== -1) this.waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  private grant(): LimiterPermit {
    this.running++;
    const epoch = this.epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.running--;
        this.record(outcome, epoch);
        this.dispatch();
      },
    };
  }

  private record(outcome: PermitOutcome, permitEpoch: number): void {
    if (outcome === "rate_limited") {
      this.successesSinceChange = 0;
      if (permitEpoch !== this.epoch) return;
      this.epoch++;
      const next = Math.max(1, Math.floor(this.current / 2));
      if (next !== this.current) {
        this.current = next;
        this.onLimitChange?.(this.current, "rate_limited");
      }
    } else if (outcome === "success") {
      this.successesSinceChange++;
      if (this.successesSinceChange >= this.increaseAfterSuccesses && this.current < this.max) {
        this.current++;
        this.successesSinceChange = 0;
        this.onLimitChange?.(this.current, "recovered");
      }
    }
  }

  private dispatch(): void {
    while (this.running < this.current && this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.grant());
    }
  }
}

function validMax(value: number): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`maxConcurrency must be a positive integer, got ${String(value)}.`);
  }
  return Math.floor(value);
}

const limiters = new Map<string, AdaptiveConcurrencyLimiter>();

/** Identity of an endpoint for sharing limits: same server (or model file) means same limiter. */
export function endpointLimiterKey(endpoint: Pick<EndpointConfig, "provider" | "baseUrl" | "modelPath">): string {
  if (endpoint.provider === "local-gguf") return `local-gguf:${endpoint.modelPath ?? ""}`;
  return `openai-compatible:${(endpoint.baseUrl ?? "").replace(/\/+$/, "")}`;
}

/**
 * The process-wide limiter of an endpoint. A later config with another maxConcurrency for the same
 * endpoint re-bounds the shared limiter (the most recent setting wins).
 */
export function getEndpointLimiter(
  endpoint: Pick<EndpointConfig, "provider" | "baseUrl" | "modelPath" | "maxConcurrency">,
  options: Omit<AdaptiveLimiterOptions, "maxConcurrency"> = {},
): AdaptiveConcurrencyLimiter {
  const key = endpointLimiterKey(endpoint);
  const existing = limiters.get(key);
  if (existing) {
    existing.setMaxConcurrency(endpoint.maxConcurrency);
    return existing;
  }
  const limiter = new AdaptiveConcurrencyLimiter({ ...options, maxConcurrency: endpoint.maxConcurrency });
  limiters.set(key, limiter);
  return limiter;
}

/** Forgets all shared limiters (tests start each case from a clean slate). */
export function resetEndpointLimiters(): void {
  limiters.clear();
}
