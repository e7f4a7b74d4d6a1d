import { afterEach, describe, expect, it, vi } from "vitest";
import { AsyncQueue } from "../../../server/llm/asyncQueue";
import { AttemptTimeout } from "../../../server/llm/attemptTimeout";

afterEach(() => vi.useRealTimers());

describe("AsyncQueue", () => {
  it("delivers pushed items in order, including ones pushed while the reader waits", async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    const read = (async () => {
      const seen: number[] = [];
      for await (const item of queue) seen.push(item);
      return seen;
    })();
    await Promise.resolve();
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4);
    expect(await read).toEqual([1, 2, 3]);
  });

  it("delivers items before the failure, then throws it", async () => {
    const queue = new AsyncQueue<string>();
    queue.push("a");
    queue.fail(new Error("model crashed"));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow("model crashed");
    expect(seen).toEqual(["a"]);
  });
});

describe("AttemptTimeout", () => {
  it("aborts after the timeout and says it was the timer", () => {
    vi.useFakeTimers();
    const timeout = new AttemptTimeout(100);
    vi.advanceTimersByTime(99);
    expect(timeout.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(timeout.signal.aborted).toBe(true);
    expect(timeout.timedOut).toBe(true);
  });

  it("restarts the wait on arm() and holds it while paused", () => {
    vi.useFakeTimers();
    const timeout = new AttemptTimeout(100);
    vi.advanceTimersByTime(80);
    timeout.arm();
    vi.advanceTimersByTime(80);
    expect(timeout.signal.aborted).toBe(false);
    timeout.pause();
    vi.advanceTimersByTime(1000);
    expect(timeout.signal.aborted).toBe(false);
    timeout.arm();
    vi.advanceTimersByTime(100);
    expect(timeout.timedOut).toBe(true);
  });

  it("follows the caller's signal without calling it a timeout", () => {
    const caller = new AbortController();
    const timeout = new AttemptTimeout(10_000, caller.signal);
    caller.abort(new Error("user cancelled"));
    expect(timeout.signal.aborted).toBe(true);
    expect(timeout.timedOut).toBe(false);
    timeout.dispose();
  });
});
