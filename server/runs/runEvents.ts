import { EventEmitter } from "node:events";

/** A run's item and token counters, as stored on the Run row. */
export type RunCounts = {
  total: number;
  done: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
};

export type RunProgress = RunCounts & {
  runId: string;
  inFlight: number;
  elapsedMs: number;
  /** Estimated time left from the mean pace of this session's finished items; null before the first. */
  etaMs: number | null;
};

export type RunEvent =
  | { type: "run-started"; runId: string; total: number; alreadyDone: number }
  | { type: "item-started"; runId: string; exampleId: string }
  | { type: "item-finished"; runId: string; exampleId: string; answer: string; cacheHit: boolean }
  | { type: "item-failed"; runId: string; exampleId: string; error: string }
  | { type: "progress"; progress: RunProgress }
  | { type: "run-finished"; runId: string; status: string };

/**
 * In-process fan-out of run events, for the UI's live view and the CLI's progress bar.
 * Events are not the record: everything that matters is written to the database first.
 */
class RunEventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: RunEvent): void {
    const runId = event.type === "progress" ? event.progress.runId : event.runId;
    this.emitter.emit(runId, event);
    this.emitter.emit("*", event);
  }

  subscribe(runId: string | "*", listener: (event: RunEvent) => void): () => void {
    this.emitter.on(runId, listener);
    return () => this.emitter.off(runId, listener);
  }
}

const globalForBus = globalThis as unknown as { __studioRunEvents?: RunEventBus };
export const runEvents: RunEventBus = (globalForBus.__studioRunEvents ??= new RunEventBus());
