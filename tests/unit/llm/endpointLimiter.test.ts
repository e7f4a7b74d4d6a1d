import { afterEach, describe, expect, it } from "vitest";
import {
  AdaptiveConcurrencyLimiter,
  getEndpointLimiter,
  resetEndpointLimiters,
  type LimiterPermit,
} from "../../../server/llm/endpointLimiter";

afterEach(() => resetEndpointLimiters());

async function acquireMany(limiter: AdaptiveConcurrencyLimiter, n: number): Promise<LimiterPermit[]> {
  const permits: LimiterPermit[] = [];
  for (let i = 0; i < n; i++) permits.push(await limiter.acquire());
  return permits;
}

describe("AdaptiveConcurrencyLimiter", () => {
  it("never lets more than the limit run and serves waiters in order", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ maxConcurrency: 2 });
    const [a, b] = await acquireMany(limiter, 2);
    const order: string[] = [];
    const third = limiter.acquire().then((p) => (order.push("third"), p));
    const fourth = limiter.acquire().then((p) => (order.push("fourth"), p));
    expect(limiter.inFlight).toBe(2);
    expect(limiter.queued).toBe(2);
    a.release("success");
    const c = await third;
    expect(order).toEqual(["third"]);
    expect(limiter.inFlight).toBe(2);
    b.release("success");
    c.release("success");
    (await fourth).release("success");
    expect(order).toEqual(["third", "fourth"]);
    expect(limiter.inFlight).toBe(0);
  });

  it("halves on 429 once per burst and grows by one after N successes up to the max", async () => {
    const changes: Array<[number, string]> = [];
    const limiter = new AdaptiveConcurrencyLimiter({
      maxConcurrency: 8,
      increaseAfterSuccesses: 3,
      onLimitChange: (limit, reason) => changes.push([limit, reason]),
    });
    const burst = await acquireMany(limiter, 8);
    for (const permit of burst) permit.release("rate_limited");
    expect(limiter.limit).toBe(4);
    const next = await limiter.acquire();
    next.release("rate_limited");
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 3; i++) (await limiter.acquire()).release("success");
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 2; i++) (await limiter.acquire()).release("success");
    expect(limiter.limit).toBe(3);
    expect(changes).toEqual([
      [4, "rate_limited"],
      [2, "rate_limited"],
      [3, "recovered"],
    ]);
  });

  it("never drops below one", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ maxConcurrency: 1 });
    (await limiter.acquire()).release("rate_limited");
    expect(limiter.limit).toBe(1);
  });

  it("ignores double releases", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ maxConcurrency: 2 });
    const permit = await limiter.acquire();
    permit.release("success");
    permit.release("success");
    expect(limiter.inFlight).toBe(0);
  });

  it("removes an aborted waiter from the queue", async () => {
    const limiter = new AdaptiveConcurrencyLimiter({ maxConcurrency: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.queued).toBe(0);
    held.release("success");
    expect(limiter.inFlight).toBe(0);
  });

  it("rejects a non-positive maximum with a clear message", () => {
    expect(() => new AdaptiveConcurrencyLimiter({ maxConcurrency: 0 })).toThrow(/maxConcurrency must be a positive integer, got 0/);
  });
});

describe("getEndpointLimiter", () => {
  it("shares one limiter per endpoint and applies the latest maximum", () => {
    const base = { provider: "openai-compatible" as const, baseUrl: "http://h:1/v1", maxConcurrency: 4 };
    const first = getEndpointLimiter(base);
    const second = getEndpointLimiter({ ...base, baseUrl: "http://h:1/v1/", maxConcurrency: 2 });
    expect(second).toBe(first);
    expect(first.maxConcurrency).toBe(2);
    expect(first.limit).toBe(2);
    expect(getEndpointLimiter({ ...base, baseUrl: "http://other:1/v1" })).not.toBe(first);
  });
});
