import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import type { NodeServices } from "../pipeline/nodeServices";
import { assertValidGraph, type ValidatedGraph } from "../pipeline/validateGraph";
import { executeGraph, ExecutionAbortedError, type ExecutionEvent } from "../pipeline/executeGraph";
import { runConfigSchema, type RunConfig } from "./runConfig";
import { parseProfile, type RunExample } from "./runExamples";
import { buildRunItemRecord, type RunItemRecord } from "./runItemRecord";

/** What every item of a run shares: loaded and validated once per process. */
export type PreparedRun = {
  runId: string;
  datasetId: string;
  task: string;
  config: RunConfig;
  validated: ValidatedGraph;
  status: string;
  startedAt: Date | null;
  failedItems: number;
  tokens: { prompt: number; completion: number; reasoning: number };
};

export async function prepareRun(db: Db, runId: string, registry: NodeRegistry): Promise<PreparedRun> {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: { pipelineVersion: { select: { graphJson: true } }, dataset: { select: { task: true } } },
  });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  return {
    runId,
    datasetId: run.datasetId,
    task: run.dataset.task,
    config: runConfigSchema.parse(JSON.parse(run.configJson)),
    validated: assertValidGraph(JSON.parse(run.pipelineVersion.graphJson), registry, { requireScoreNode: true }),
    status: run.status,
    startedAt: run.startedAt,
    failedItems: run.failedItems,
    tokens: { prompt: run.promptTokens, completion: run.completionTokens, reasoning: run.reasoningTokens },
  };
}

export type ItemOutcome =
  | { status: "done"; record: RunItemRecord; retriedFailure: boolean }
  | { status: "failed"; error: string; retriedFailure: boolean }
  /** Cancelled: nothing was written; the example runs again on resume. */
  | { status: "aborted" }
  /** Another worker had already finished this example (a redelivered job): its result stands. */
  | { status: "already-done" };

export type Attempt = { ok: true; record: RunItemRecord } | { ok: false; error: string } | { ok: "aborted" };

async function attemptExample(
  prepared: PreparedRun,
  example: RunExample,
  options: { services: NodeServices; signal: AbortSignal; onNodeEvent?(event: ExecutionEvent): void },
): Promise<Attempt> {
  try {
    const result = await executeGraph(prepared.validated, {
      example: { id: example.id, exampleId: example.exampleId, task: prepared.task, input: example.input, profile: parseProfile(example) },
      gold: example.gold,
      services: options.services,
      seed: prepared.config.seed,
      signal: options.signal,
      onEvent: options.onNodeEvent,
    });
    return { ok: true, record: buildRunItemRecord(prepared.validated, result.outputs) };
  } catch (err) {
    if (err instanceof ExecutionAbortedError || options.signal.aborted) return { ok: "aborted" };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Executes one example and writes its RunItem together with the run's counters (writeItemResult).
 * Safe to call from any process (the local executor or a BullMQ worker).
 */
export async function executeRunItem(
  db: Db,
  prepared: PreparedRun,
  example: RunExample,
  options: { services: NodeServices; signal: AbortSignal; onNodeEvent?(event: ExecutionEvent): void },
): Promise<ItemOutcome> {
  const t0 = performance.now();
  const attempt = await attemptExample(prepared, example, options);
  if (attempt.ok === "aborted") return { status: "aborted" };
  return writeItemResult(db, prepared.runId, example, attempt, Math.round(performance.now() - t0));
}

/**
 * Writes an example's result and moves the run's counters, in one transaction. The unique
 * (runId, exampleRowId) key turns a repeated write into a replacement, and the previous status decides
 * how the counters move, so retries never double-count.
 */
export async function writeItemResult(
  db: Db,
  runId: string,
  example: RunExample,
  attempt: Exclude<Attempt, { ok: "aborted" }>,
  latencyMs: number,
): Promise<ItemOutcome> {
  const key = { runId_exampleRowId: { runId, exampleRowId: example.id } };
  const base = { runId, exampleRowId: example.id, exampleId: example.exampleId, position: example.position };

  return db.$transaction(async (tx): Promise<ItemOutcome> => {
    // Write first: a no-op update takes the run's write lock before anything is read, so two
    // processes writing the same example (a redelivered job while its first worker still runs)
    // queue up here and the second one reads "done". On SQLite it also makes the transaction a
    // writer from its first statement, so it waits for a busy database instead of failing on a
    // stale read snapshot; on PostgreSQL it is a row lock on the run.
    await tx.run.updateMany({ where: { id: runId }, data: { doneItems: { increment: 0 } } });
    const previous = await tx.runItem.findUnique({ where: key, select: { status: true } });
    if (previous?.status === "done") return { status: "already-done" };
    const retriedFailure = previous?.status === "failed";
    if (attempt.ok) {
      const { record } = attempt;
      const data = { ...record, status: "done", latencyMs, error: null, finishedAt: new Date() };
      await tx.runItem.upsert({ where: key, create: { ...base, ...data }, update: { ...data, attempts: { increment: 1 } } });
      await tx.run.update({
        where: { id: runId },
        data: {
          doneItems: { increment: 1 },
          failedItems: retriedFailure ? { decrement: 1 } : undefined,
          promptTokens: { increment: record.promptTokens },
          completionTokens: { increment: record.completionTokens },
          reasoningTokens: { increment: record.reasoningTokens },
        },
      });
      return { status: "done", record, retriedFailure };
    }
    const data = { status: "failed", error: attempt.error, latencyMs, finishedAt: new Date() };
    await tx.runItem.upsert({ where: key, create: { ...base, ...data }, update: { ...data, attempts: { increment: 1 } } });
    if (!retriedFailure) await tx.run.update({ where: { id: runId }, data: { failedItems: { increment: 1 } } });
    return { status: "failed", error: attempt.error, retriedFailure };
  });
}
