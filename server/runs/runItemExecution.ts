import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import type { NodeServices } from "../pipeline/nodeServices";
import { assertValidGraph, type ValidatedGraph } from "../pipeline/validateGraph";
import { executeGraph, ExecutionAbortedError, type ExecutionEvent } from "../pipeline/executeGraph";
import { parseJson, parseJsonAs } from "../safeJson";
import { redactUrlsIn } from "../urlCredentials";
import { runConfigSchema, type RunConfig } from "./runConfig";
import { parseProfile, type RunExample } from "./runExamples";
import { buildRunItemRecord, type RunItemRecord } from "./runItemRecord";
import type { ItemOutcome } from "./itemStore/itemWrite";
import type { RunItemWriter } from "./itemStore/runItemWriter";

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
    include: { pipelineVersion: { select: { id: true, graphJson: true } }, dataset: { select: { task: true } } },
  });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  return {
    runId,
    datasetId: run.datasetId,
    task: run.dataset.task,
    config: parseJsonAs(run.configJson, runConfigSchema, `Run ${runId}.configJson`),
    validated: assertValidGraph(parseJson(run.pipelineVersion.graphJson, `PipelineVersion ${run.pipelineVersion.id}.graphJson`), registry, {
      requireScoreNode: true,
    }),
    status: run.status,
    startedAt: run.startedAt,
    failedItems: run.failedItems,
    tokens: { prompt: run.promptTokens, completion: run.completionTokens, reasoning: run.reasoningTokens },
  };
}

type Attempt = { ok: true; record: RunItemRecord } | { ok: false; error: string } | { ok: "aborted" };

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
    // Stored, sent to the page and exported: a URL quoted by a failing library keeps no credentials.
    return { ok: false, error: redactUrlsIn(err instanceof Error ? err.message : String(err)) };
  }
}

/**
 * Executes one example and writes its RunItem and the run's counters through the item writer
 * (group commit): resolves once the write committed. Safe from any process (the local executor or
 * a BullMQ worker): a repeated write of a finished example changes nothing ("already-done").
 */
export async function executeRunItem(
  prepared: PreparedRun,
  example: RunExample,
  options: { services: NodeServices; writer: RunItemWriter; signal: AbortSignal; onNodeEvent?(event: ExecutionEvent): void },
): Promise<ItemOutcome> {
  const t0 = performance.now();
  const attempt = await attemptExample(prepared, example, options);
  if (attempt.ok === "aborted") return { status: "aborted" };
  return options.writer.write({ runId: prepared.runId, example, result: attempt, latencyMs: Math.round(performance.now() - t0) });
}
