import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import type { NodeServices } from "../nodes/nodeServices";
import { assertValidGraph } from "../pipeline/validateGraph";
import { executeGraph, ExecutionAbortedError, type ExecutionEvent } from "../pipeline/executeGraph";
import { runConfigSchema, type RunStatus } from "./runConfig";
import { parseProfile, selectRunExamples, type RunExample } from "./runExamples";
import { buildRunItemRecord } from "./runItemRecord";
import { runEvents, type RunProgress } from "./runEvents";
import { summarizeRun } from "./summarizeRun";

export type ExecuteRunOptions = {
  registry: NodeRegistry;
  services: NodeServices;
  signal?: AbortSignal;
  /** Node-level events (partial text, interventions) for live views; item events go to runEvents. */
  onNodeEvent?(exampleId: string, event: ExecutionEvent): void;
};

export type ExecuteRunResult = { status: RunStatus; done: number; failed: number; skipped: number };

/**
 * Executes (or resumes) a run. Each example's result is written the moment it finishes, so a crash
 * loses only the examples in flight; finished examples are skipped on resume and failed ones retried.
 * The unique (runId, exampleId) key makes a retried write replace, never duplicate.
 */
export async function executeRun(db: Db, runId: string, options: ExecuteRunOptions): Promise<ExecuteRunResult> {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: { pipelineVersion: { select: { graphJson: true } }, dataset: { select: { task: true } } },
  });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  // A run that completed with failed items (endpoint errors) can be resumed: resume retries exactly those.
  if (run.status === "completed" && run.failedItems === 0) throw new UserInputError(`Run ${runId} is already complete.`);
  const config = runConfigSchema.parse(JSON.parse(run.configJson));
  const validated = assertValidGraph(JSON.parse(run.pipelineVersion.graphJson), options.registry, { requireScoreNode: true });

  const examples = await selectRunExamples(db, run.datasetId, config);
  const previous = new Map(
    (await db.runItem.findMany({ where: { runId }, select: { exampleId: true, status: true } })).map((i) => [
      i.exampleId,
      i.status,
    ]),
  );
  const pending = examples.filter((e) => previous.get(e.id) !== "done");
  const alreadyDone = examples.length - pending.length;

  await db.run.update({
    where: { id: runId },
    data: { status: "running", error: null, startedAt: run.startedAt ?? new Date(), finishedAt: null },
  });
  runEvents.publish({ type: "run-started", runId, total: examples.length, alreadyDone });

  const progress: RunProgress = {
    runId,
    total: examples.length,
    done: alreadyDone,
    failed: [...previous.values()].filter((s) => s === "failed").length,
    inFlight: 0,
    promptTokens: run.promptTokens,
    completionTokens: run.completionTokens,
    reasoningTokens: run.reasoningTokens,
    elapsedMs: 0,
    etaMs: null,
  };
  const started = performance.now();
  let finishedThisSession = 0;
  const publishProgress = () => {
    progress.elapsedMs = Math.round(performance.now() - started);
    const left = progress.total - progress.done - progress.failed;
    progress.etaMs = finishedThisSession > 0 ? Math.round((progress.elapsedMs / finishedThisSession) * left) : null;
    runEvents.publish({ type: "progress", progress: { ...progress } });
  };

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) abort.abort();

  const runOne = async (example: RunExample) => {
    const wasFailed = previous.get(example.id) === "failed";
    const t0 = performance.now();
    progress.inFlight++;
    runEvents.publish({ type: "item-started", runId, exampleId: example.exampleId });
    try {
      const result = await executeGraph(validated, {
        example: {
          id: example.id,
          exampleId: example.exampleId,
          task: run.dataset.task,
          input: example.input,
          profile: parseProfile(example),
        },
        gold: example.gold,
        services: options.services,
        seed: config.seed,
        signal: abort.signal,
        onEvent: options.onNodeEvent ? (e) => options.onNodeEvent!(example.exampleId, e) : undefined,
      });
      const record = buildRunItemRecord(validated, result.outputs);
      const latencyMs = Math.round(performance.now() - t0);
      const data = { ...record, status: "done", latencyMs, error: null, finishedAt: new Date() };
      await db.$transaction([
        db.runItem.upsert({
          where: { runId_exampleId: { runId, exampleId: example.id } },
          create: { runId, exampleId: example.id, exampleKey: example.exampleId, position: example.position, ...data },
          update: { ...data, attempts: { increment: 1 } },
        }),
        db.run.update({
          where: { id: runId },
          data: {
            doneItems: { increment: 1 },
            failedItems: wasFailed ? { decrement: 1 } : undefined,
            promptTokens: { increment: record.promptTokens },
            completionTokens: { increment: record.completionTokens },
            reasoningTokens: { increment: record.reasoningTokens },
          },
        }),
      ]);
      progress.done++;
      if (wasFailed) progress.failed--;
      progress.promptTokens += record.promptTokens;
      progress.completionTokens += record.completionTokens;
      progress.reasoningTokens += record.reasoningTokens;
      finishedThisSession++;
      runEvents.publish({ type: "item-finished", runId, exampleId: example.exampleId, answer: record.answer, cacheHit: record.cacheHit });
    } catch (err) {
      // A cancelled example is not a failure: it simply did not finish and will run on resume.
      if (err instanceof ExecutionAbortedError || abort.signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      const data = { status: "failed", error: message, latencyMs: Math.round(performance.now() - t0), finishedAt: new Date() };
      await db.$transaction([
        db.runItem.upsert({
          where: { runId_exampleId: { runId, exampleId: example.id } },
          create: { runId, exampleId: example.id, exampleKey: example.exampleId, position: example.position, ...data },
          update: { ...data, attempts: { increment: 1 } },
        }),
        db.run.update({ where: { id: runId }, data: { failedItems: wasFailed ? undefined : { increment: 1 } } }),
      ]);
      if (!wasFailed) progress.failed++;
      finishedThisSession++;
      runEvents.publish({ type: "item-failed", runId, exampleId: example.exampleId, error: message });
    } finally {
      progress.inFlight--;
      publishProgress();
    }
  };

  // A fixed pool of workers pulling from one queue keeps `concurrency` examples in flight.
  let next = 0;
  const worker = async () => {
    while (!abort.signal.aborted && next < pending.length) await runOne(pending[next++]);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(config.concurrency, pending.length) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
  }

  let status: RunStatus;
  let error: string | null = null;
  if (abort.signal.aborted) status = "cancelled";
  else if (progress.failed === progress.total) {
    status = "failed";
    error = (await db.runItem.findFirst({ where: { runId, status: "failed" }, select: { error: true } }))?.error ?? "every item failed";
  } else status = "completed";

  const summary = status === "cancelled" ? null : await summarizeRun(db, runId);
  await db.run.update({
    where: { id: runId },
    data: { status, error, finishedAt: new Date(), summaryJson: summary ? JSON.stringify(summary) : undefined },
  });
  runEvents.publish({ type: "run-finished", runId, status });
  return { status, done: progress.done, failed: progress.failed, skipped: alreadyDone };
}
