import type { NodeContext, NodeEvent, PipelineExample } from "./nodeContext";
import type { NodeServices } from "./nodeServices";
import type { NodeInputs, NodeOutputs } from "./nodeDefinition";
import type { ValidatedGraph } from "./validateGraph";

export type ExecutionEvent =
  | { type: "node-started"; nodeId: string }
  | { type: "node-finished"; nodeId: string; durationMs: number }
  | { type: "node-failed"; nodeId: string; error: string }
  | NodeEvent;

export type ExecuteOptions = {
  example: PipelineExample;
  gold: string | null;
  services: NodeServices;
  seed: number;
  signal?: AbortSignal;
  onEvent?(event: ExecutionEvent): void;
};

export type ExecutionResult = {
  outputs: Record<string, NodeOutputs>;
  durationsMs: Record<string, number>;
};

/** A node threw; the message names the node so a failed run item says where it broke. */
export class NodeExecutionError extends Error {
  override name = "NodeExecutionError";
  constructor(
    readonly nodeId: string,
    readonly kind: string,
    override readonly cause: unknown,
  ) {
    super(`Node "${nodeId}" (${kind}) failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class ExecutionAbortedError extends Error {
  override name = "ExecutionAbortedError";
  constructor() {
    super("Execution was cancelled.");
  }
}

/**
 * Runs one example through a validated graph. A node starts as soon as all its inputs are ready,
 * so independent branches (e.g. two retrievers) run concurrently. The first failure aborts the
 * rest of the example; outputs of finished nodes are kept in the error path by the caller's events.
 */
export async function executeGraph(validated: ValidatedGraph, options: ExecuteOptions): Promise<ExecutionResult> {
  const { nodes, order, incoming } = validated;
  const outputs: Record<string, NodeOutputs> = {};
  const durationsMs: Record<string, number> = {};
  const emit = (e: ExecutionEvent) => options.onEvent?.(e);

  const internal = new AbortController();
  const onOuterAbort = () => internal.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) internal.abort(options.signal.reason);

  const started = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let failure: unknown;

  const isReady = (id: string) =>
    [...incoming.get(id)!.values()].every((src) => Object.prototype.hasOwnProperty.call(outputs, src.node));

  const launch = (id: string) => {
    const node = nodes.get(id)!;
    const inputs: NodeInputs = {};
    for (const [port, src] of incoming.get(id)!) inputs[port] = outputs[src.node][src.port];
    const ctx: NodeContext = {
      nodeId: id,
      example: options.example,
      gold: node.definition.category === "scoring" ? options.gold : undefined,
      services: options.services,
      signal: internal.signal,
      seed: options.seed,
      emit,
    };
    started.add(id);
    emit({ type: "node-started", nodeId: id });
    const t0 = performance.now();
    const promise = node.definition
      .run(inputs, node.resolvedParams, ctx)
      .then((out) => {
        for (const port of node.definition.outputs) {
          if (!(port.name in out)) throw new Error(`produced no value for its output "${port.name}"`);
        }
        outputs[id] = out;
        durationsMs[id] = Math.round(performance.now() - t0);
        emit({ type: "node-finished", nodeId: id, durationMs: durationsMs[id] });
      })
      .catch((err: unknown) => {
        const wrapped = internal.signal.aborted && !failure ? new ExecutionAbortedError() : new NodeExecutionError(id, node.kind, err);
        if (!(wrapped instanceof ExecutionAbortedError)) emit({ type: "node-failed", nodeId: id, error: wrapped.message });
        failure ??= wrapped;
        internal.abort(wrapped);
      })
      .finally(() => running.delete(id));
    running.set(id, promise);
  };

  try {
    while (true) {
      if (internal.signal.aborted && !failure) failure = new ExecutionAbortedError();
      if (!failure) for (const id of order) if (!started.has(id) && isReady(id)) launch(id);
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
  if (failure) throw failure;
  return { outputs, durationsMs };
}
