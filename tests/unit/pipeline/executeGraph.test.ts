import { describe, expect, it } from "vitest";
import { assertValidGraph } from "../../../server/pipeline/validateGraph";
import {
  executeGraph,
  ExecutionAbortedError,
  NodeExecutionError,
  type ExecutionEvent,
} from "../../../server/pipeline/executeGraph";
import { example, fanOutGraph, makeTestRegistry, type Trace } from "./testNodes";

const newTrace = (): Trace => ({ log: [], inFlight: 0, maxInFlight: 0 });
const services = {} as never;

describe("executeGraph", () => {
  it("runs nodes after their inputs, independent branches concurrently, and hides the gold from non-scoring nodes", async () => {
    const trace = newTrace();
    const validated = assertValidGraph(fanOutGraph(), makeTestRegistry(trace));
    const events: ExecutionEvent[] = [];
    const result = await executeGraph(validated, { example, gold: "A:hi|B:hi", services, seed: 1, onEvent: (e) => events.push(e) });

    expect(result.outputs.j.answer).toMatchObject({ text: "A:hi|B:hi" });
    expect(result.outputs.s.scores).toMatchObject({ metrics: { exact: 1 } });
    // Both branches started before either ended: they ran at the same time.
    expect(trace.log.slice(0, 3)).toEqual(["source:no-gold", "start:A", "start:B"]);
    expect(trace.maxInFlight).toBe(2);
    expect(trace.log.slice(-2)).toEqual(["join", "score:A:hi|B:hi"]);
    const finished = events.filter((e) => e.type === "node-finished").map((e) => (e as { nodeId: string }).nodeId);
    expect(finished.sort()).toEqual(["a", "b", "j", "s", "src"]);
  });

  it("fails the example with the failing node named, and cancels the sibling branch", async () => {
    const trace = newTrace();
    const validated = assertValidGraph(fanOutGraph({ failB: true, msA: 5_000, msB: 10 }), makeTestRegistry(trace));
    const err = await executeGraph(validated, { example, gold: null, services, seed: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeExecutionError);
    expect((err as Error).message).toBe('Node "b" (slow) failed: B broke');
    // A was aborted rather than awaited for 5 s, and the join never ran.
    expect(trace.log).toContain("end:A");
    expect(trace.log).not.toContain("join");
  });

  it("stops when the caller aborts", async () => {
    const trace = newTrace();
    const validated = assertValidGraph(fanOutGraph({ msA: 5_000, msB: 5_000 }), makeTestRegistry(trace));
    const controller = new AbortController();
    const pending = executeGraph(validated, { example, gold: null, services, seed: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(ExecutionAbortedError);
    expect(trace.inFlight).toBe(0);
  });

  it("refuses to start when already aborted", async () => {
    const trace = newTrace();
    const validated = assertValidGraph(fanOutGraph(), makeTestRegistry(trace));
    const controller = new AbortController();
    controller.abort();
    await expect(executeGraph(validated, { example, gold: null, services, seed: 1, signal: controller.signal })).rejects.toBeInstanceOf(
      ExecutionAbortedError,
    );
    expect(trace.log).toEqual([]);
  });
});
