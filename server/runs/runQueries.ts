import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import type { RunSummary } from "./summarizeRun";
import { runConfigSchema } from "./runConfig";
import { expandStoredOutputs } from "./storedOutputs";
import { endpointConcurrencyCap } from "./endpointPins";

export async function listRuns(db: Db, filter: { datasetId?: string; pipelineId?: string; take?: number } = {}) {
  const rows = await db.run.findMany({
    where: {
      datasetId: filter.datasetId,
      pipelineVersion: filter.pipelineId ? { pipelineId: filter.pipelineId } : undefined,
    },
    orderBy: { createdAt: "desc" },
    take: filter.take ?? 100,
    select: {
      id: true,
      name: true,
      status: true,
      totalItems: true,
      doneItems: true,
      failedItems: true,
      createdAt: true,
      finishedAt: true,
      summaryJson: true,
      dataset: { select: { id: true, name: true, task: true } },
      pipelineVersion: { select: { id: true, version: true, pipeline: { select: { id: true, name: true } } } },
    },
  });
  return rows.map(({ summaryJson, ...r }) => ({
    ...r,
    official: summaryJson ? (JSON.parse(summaryJson) as RunSummary).official : null,
  }));
}

export async function getRun(db: Db, id: string) {
  const run = await db.run.findUnique({
    where: { id },
    include: {
      dataset: { select: { id: true, name: true, task: true, split: true } },
      pipelineVersion: { select: { id: true, version: true, graphJson: true, pipeline: { select: { id: true, name: true } } } },
    },
  });
  if (!run) throw new NotFoundError(`Run ${id} does not exist.`);
  const { configJson, summaryJson, pipelineVersion, ...rest } = run;
  const config = runConfigSchema.parse(JSON.parse(configJson));
  const cap = config.endpoints ? endpointConcurrencyCap(config.endpoints) : null;
  return {
    ...rest,
    config,
    /** The endpoint whose request limit is below the run's concurrency (it caps the run), if any. */
    concurrencyCap: cap && cap.cap < config.concurrency ? cap : null,
    summary: summaryJson ? (JSON.parse(summaryJson) as RunSummary) : null,
    pipelineVersion: { id: pipelineVersion.id, version: pipelineVersion.version, pipeline: pipelineVersion.pipeline, graph: JSON.parse(pipelineVersion.graphJson) as unknown },
  };
}

export async function listRunItems(db: Db, runId: string, opts: { status?: "done" | "failed"; skip?: number; take?: number }) {
  const where = { runId, status: opts.status };
  const [total, rows] = await Promise.all([
    db.runItem.count({ where }),
    db.runItem.findMany({
      where,
      orderBy: { position: "asc" },
      skip: opts.skip ?? 0,
      take: opts.take ?? 50,
      select: {
        exampleId: true,
        status: true,
        answer: true,
        rawAnswer: true,
        metricsJson: true,
        signalsJson: true,
        reasoningTokens: true,
        latencyMs: true,
        cacheHit: true,
        error: true,
      },
    }),
  ]);
  return {
    total,
    items: rows.map(({ metricsJson, signalsJson, ...r }) => ({
      ...r,
      metrics: JSON.parse(metricsJson) as Record<string, number>,
      signals: JSON.parse(signalsJson) as Record<string, unknown>,
    })),
  };
}

/** One item with everything the trace viewer shows: input, gold, retrieved items, per-node outputs. */
export async function getRunItem(db: Db, runId: string, exampleId: string) {
  const item = await db.runItem.findFirst({ where: { runId, exampleId }, include: { example: { select: { input: true, gold: true, profileJson: true } } } });
  if (!item) throw new NotFoundError(`Run ${runId} has no item for example ${exampleId}.`);
  const { example } = item;
  const retrievedIds = JSON.parse(item.retrievedIdsJson) as string[];
  const profile = JSON.parse(example.profileJson) as { id: string | number }[];
  const byId = new Map(profile.map((p) => [String(p.id), p]));
  return {
    exampleId: item.exampleId,
    status: item.status,
    input: example.input,
    gold: example.gold,
    answer: item.answer,
    rawAnswer: item.rawAnswer,
    reasoning: item.reasoning,
    error: item.error,
    retrieved: retrievedIds.map((id) => byId.get(id) ?? { id }),
    // Per-node outputs as the nodes produced them (items store each model call once: storedOutputs.ts).
    outputs: expandStoredOutputs(JSON.parse(item.outputsJson)) as Record<string, unknown>,
    metrics: JSON.parse(item.metricsJson) as Record<string, number>,
    signals: JSON.parse(item.signalsJson) as Record<string, unknown>,
    tokens: { prompt: item.promptTokens, completion: item.completionTokens, reasoning: item.reasoningTokens },
    latencyMs: item.latencyMs,
    cacheHit: item.cacheHit,
    attempts: item.attempts,
  };
}
