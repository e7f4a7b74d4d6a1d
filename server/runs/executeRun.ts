import { setMaxListeners } from "node:events";
import { RunHeartbeats } from "./runHeartbeat";
import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import type { NodeServices } from "../pipeline/nodeServices";
import type { ExecutionEvent } from "../pipeline/executeGraph";
import type { RunStatus } from "./runConfig";
import { RunExamplePager, selectRunExamples, type RunExample } from "./runExamples";
import { runEvents, type RunCounts } from "./runEvents";
import { RunProgressClock } from "./runProgress";
import { executeRunItem, prepareRun } from "./runItemExecution";
import { RunItemWriter } from "./itemStore/runItemWriter";
import { finishRun, markRunRunning } from "./runService";
import { LiveRunSummary } from "./liveRunSummary";
import { profileDonors, withProfileSource } from "./profileSource";

/**
 * How often a running run's stored summary is rewritten (from LiveRunSummary, which adds each
 * finished item as it is written: a refresh reads nothing back from the database).
 */
const SUMMARY_REFRESH_MS = 5_000;

export type ExecuteRunOptions = {
  registry: NodeRegistry;
  services: NodeServices;
  signal?: AbortSignal;
  /** Node-level events (partial text, interventions) for live views; item events go to runEvents. */
  onNodeEvent?(exampleId: string, event: ExecutionEvent): void;
  /** Least time between two summaries of a running run (default SUMMARY_REFRESH_MS). */
  summaryRefreshMs?: number;
};

export type ExecuteRunResult = { status: RunStatus; done: number; failed: number; skipped: number };

/**
 * Executes (or resumes) a run in this process. Each example's result is written the moment it
 * finishes (runItemExecution.ts), so a crash loses only the examples in flight; finished examples
 * are skipped on resume and failed ones retried.
 */
export async function executeRun(db: Db, runId: string, options: ExecuteRunOptions): Promise<ExecuteRunResult> {
  const prepared = await prepareRun(db, runId, options.registry);
  // A run that completed with failed items (endpoint errors) can be resumed: resume retries exactly those.
  if (prepared.status === "completed" && prepared.failedItems === 0) throw new UserInputError(`Run ${runId} is already complete.`);

  const examples = await selectRunExamples(db, prepared.datasetId, prepared.config);
  const previous = new Map(
    (await db.runItem.findMany({ where: { runId }, select: { exampleRowId: true, status: true } })).map((i) => [i.exampleRowId, i.status]),
  );
  // Donors are assigned over every example of the run, so a resume shows each example the same profile.
  const source = prepared.config.profileSource;
  const donors = source === "other" ? await profileDonors(db, examples, prepared.config.seed) : null;
  const pending = new RunExamplePager(db, examples.filter((e) => previous.get(e.id) !== "done"), undefined, (page) => withProfileSource(db, page, source, donors));
  const alreadyDone = examples.length - pending.length;

  await markRunRunning(db, prepared);
  runEvents.publish({ type: "run-started", runId, total: examples.length, alreadyDone });

  const progress: RunCounts = {
    total: examples.length,
    done: alreadyDone,
    failed: [...previous.values()].filter((s) => s === "failed").length,
    promptTokens: prepared.tokens.prompt,
    completionTokens: prepared.tokens.completion,
    reasoningTokens: prepared.tokens.reasoning,
  };
  const clock = new RunProgressClock(runId);
  const live = await LiveRunSummary.load(db, runId);
  let lastSummaryAt = performance.now();
  let summaryInFlight: Promise<void> | null = null;
  const maybeRefreshSummary = () => {
    if (summaryInFlight || performance.now() - lastSummaryAt < (options.summaryRefreshMs ?? SUMMARY_REFRESH_MS)) return;
    lastSummaryAt = performance.now();
    summaryInFlight = db.run
      .update({ where: { id: runId }, data: { summaryJson: JSON.stringify(live.summary(progress.failed)) } })
      .then(() => undefined)
      .catch((err: unknown) => console.error(`Run ${runId}: could not refresh the summary: ${(err as Error).message}`))
      .finally(() => (summaryInFlight = null));
  };
  const publishProgress = () => runEvents.publish({ type: "progress", progress: clock.progress(progress) });

  const writer = new RunItemWriter(db);
  const releaseHeartbeat = new RunHeartbeats(writer).hold(runId);
  const abort = new AbortController();
  // Every item in flight listens to this one signal (concurrency may be in the hundreds).
  setMaxListeners(0, abort.signal);
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) abort.abort();

  const runOne = async (example: RunExample) => {
    clock.itemStarted(example.exampleId);
    runEvents.publish({ type: "item-started", runId, exampleId: example.exampleId });
    try {
      const outcome = await executeRunItem(prepared, example, {
        services: options.services,
        writer,
        signal: abort.signal,
        onNodeEvent: options.onNodeEvent ? (e) => options.onNodeEvent!(example.exampleId, e) : undefined,
      });
      if (outcome.status === "aborted") {
        clock.itemReleased(example.exampleId);
        return;
      }
      clock.itemFinished(example.exampleId);
      if (outcome.status === "done") {
        live.itemDone(example, outcome.record);
        progress.done++;
        if (outcome.retriedFailure) progress.failed--;
        progress.promptTokens += outcome.record.promptTokens;
        progress.completionTokens += outcome.record.completionTokens;
        progress.reasoningTokens += outcome.record.reasoningTokens;
        runEvents.publish({
          type: "item-finished",
          runId,
          exampleId: example.exampleId,
          answer: outcome.record.answer,
          cacheHit: outcome.record.cacheHit,
        });
      } else if (outcome.status === "failed") {
        if (!outcome.retriedFailure) progress.failed++;
        runEvents.publish({ type: "item-failed", runId, exampleId: example.exampleId, error: outcome.error });
      } else {
        progress.done++;
      }
    } finally {
      clock.itemReleased(example.exampleId);
      publishProgress();
      maybeRefreshSummary();
    }
  };

  // A fixed pool of workers pulling from one queue keeps `concurrency` examples in flight.
  let next = 0;
  const worker = async () => {
    while (!abort.signal.aborted && next < pending.length) {
      // null: the example was deleted since the run started; nothing to execute.
      const example = await pending.take(next++);
      if (example) await runOne(example);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(prepared.config.concurrency, pending.length) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    releaseHeartbeat();
    await writer.close();
  }

  await summaryInFlight;
  const status = await finishRun(db, runId, abort.signal.aborted);
  runEvents.publish({ type: "run-finished", runId, status });
  return { status, done: progress.done, failed: progress.failed, skipped: alreadyDone };
}
