import { z } from "zod";
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { storedProfileSchema } from "../lamp/storedProfile";
import { metricValuesSchema } from "../metrics/storedItemMetrics";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { jsonObjectSchema, parseJson, parseJsonAs, tryParseJsonAs } from "../safeJson";
import { runSummarySchema } from "./summarizeRun";
import { runConfigSchema } from "./runConfig";
import { expandStoredOutputs } from "./storedOutputs";
import { endpointConcurrencyCap } from "./endpointPins";
import { itemFilterSchemas, matchesItemFilter, type ItemFilter } from "./itemFilters";
import { buildTraceView, stageHeadersOf, storedTraceOf } from "./itemTraceView";
import type { Prisma } from "../db/generated/client";
import { getTask, isTaskKey } from "../lamp/tasks";
import type { OutputFormatSpec } from "../metrics/failureModes/formatSpec";
import { failureModeParamsOverridesSchema, resolveFailureModeParams, type FailureModeParams } from "../metrics/failureModes/params";

/** What the run list reads of a summary. */
const listedSummarySchema = z.object({ official: metricValuesSchema.nullable() });

/** The run list shows a run whose summary cannot be read without metrics (and says so in the log) rather than failing. */
function officialOfListed(runId: string, summaryJson: string | null): Record<string, number> | null {
  if (!summaryJson) return null;
  const read = tryParseJsonAs(summaryJson, listedSummarySchema, `Run ${runId}.summaryJson`);
  if (read.ok) return read.value.official;
  console.error(`runs.list: ${read.error.message}`);
  return null;
}

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
  return rows.map(({ summaryJson, ...r }) => ({ ...r, official: officialOfListed(r.id, summaryJson) }));
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
  const config = parseJsonAs(configJson, runConfigSchema, `Run ${id}.configJson`);
  const cap = config.endpoints ? endpointConcurrencyCap(config.endpoints) : null;
  return {
    ...rest,
    config,
    /** The endpoint whose request limit is below the run's concurrency (it caps the run), if any. */
    concurrencyCap: cap && cap.cap < config.concurrency ? cap : null,
    summary: summaryJson ? parseJsonAs(summaryJson, runSummarySchema, `Run ${id}.summaryJson`) : null,
    pipelineVersion: {
      id: pipelineVersion.id,
      version: pipelineVersion.version,
      pipeline: pipelineVersion.pipeline,
      graph: parseJsonAs(pipelineVersion.graphJson, pipelineGraphSchema, `PipelineVersion ${pipelineVersion.id}.graphJson`),
    },
  };
}

const ITEM_ROW_SELECT = {
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
} as const;

/** The example ids of a run's items that match `filter`, in position order. */
async function filteredExampleIds(db: Db, runId: string, status: "done" | "failed" | undefined, filter: ItemFilter): Promise<string[]> {
  const rows = await db.runItem.findMany({
    where: { runId, status },
    orderBy: { position: "asc" },
    select: { exampleId: true, metricsJson: true, signalsJson: true },
  });
  const schemas = itemFilterSchemas();
  return rows
    .filter((row) => {
      // A record that cannot be read matches no filter (it still shows, unfiltered, with its error).
      const signals = tryParseJsonAs(row.signalsJson, schemas.signals, `RunItem ${runId}/${row.exampleId}.signalsJson`);
      const metrics = tryParseJsonAs(row.metricsJson, schemas.metrics, `RunItem ${runId}/${row.exampleId}.metricsJson`);
      return signals.ok && metrics.ok && matchesItemFilter(filter, signals.value, metrics.value);
    })
    .map((row) => row.exampleId);
}

export async function listRunItems(
  db: Db,
  runId: string,
  opts: { status?: "done" | "failed"; filter?: ItemFilter; skip?: number; take?: number },
) {
  const skip = opts.skip ?? 0;
  const take = opts.take ?? 50;
  let total: number;
  let rows: Array<Prisma.RunItemGetPayload<{ select: typeof ITEM_ROW_SELECT }>>;
  if (opts.filter) {
    const ids = await filteredExampleIds(db, runId, opts.status, opts.filter);
    total = ids.length;
    rows = await db.runItem.findMany({ where: { runId, exampleId: { in: ids.slice(skip, skip + take) } }, orderBy: { position: "asc" }, select: ITEM_ROW_SELECT });
  } else {
    const where = { runId, status: opts.status };
    [total, rows] = await Promise.all([
      db.runItem.count({ where }),
      db.runItem.findMany({ where, orderBy: { position: "asc" }, skip, take, select: ITEM_ROW_SELECT }),
    ]);
  }
  return {
    total,
    items: rows.map(({ metricsJson, signalsJson, ...r }) => ({
      ...r,
      metrics: parseJsonAs(metricsJson, metricValuesSchema, `RunItem ${runId}/${r.exampleId}.metricsJson`),
      signals: parseJsonAs(signalsJson, jsonObjectSchema, `RunItem ${runId}/${r.exampleId}.signalsJson`),
    })),
  };
}

/** One item with everything the trace viewer shows: input, gold, retrieved items, per-node outputs. */
export async function getRunItem(db: Db, runId: string, exampleId: string) {
  const item = await db.runItem.findFirst({
    where: { runId, exampleId },
    include: {
      example: { select: { input: true, gold: true, profileJson: true } },
      run: { select: { dataset: { select: { task: true } }, pipelineVersion: { select: { graphJson: true } } } },
    },
  });
  if (!item) throw new NotFoundError(`Run ${runId} has no item for example ${exampleId}.`);
  const { example } = item;
  const where = `RunItem ${runId}/${exampleId}`;
  const retrievedIds = parseJsonAs(item.retrievedIdsJson, z.array(z.string()), `${where}.retrievedIdsJson`);
  const profile = parseJsonAs(example.profileJson, storedProfileSchema, `Example ${item.exampleRowId}.profileJson`);
  const byId = new Map(profile.map((p) => [String(p.id), p]));
  // Per-node outputs as the nodes produced them (items store each model call once: storedOutputs.ts).
  const outputs = expandStoredOutputs(parseJson(item.outputsJson, `${where}.outputsJson`));
  const task = item.run.dataset.task;
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
    outputs,
    trace: buildTraceView(
      storedTraceOf(outputs, item.reasoning ?? "", item.rawAnswer ?? ""),
      outputSpecOf(task),
      stageHeadersOf(outputs),
      scoreNodeParams(item.run.pipelineVersion.graphJson),
    ),
    metrics: parseJsonAs(item.metricsJson, metricValuesSchema, `${where}.metricsJson`),
    signals: parseJsonAs(item.signalsJson, jsonObjectSchema, `${where}.signalsJson`),
    tokens: { prompt: item.promptTokens, completion: item.completionTokens, reasoning: item.reasoningTokens },
    latencyMs: item.latencyMs,
    cacheHit: item.cacheHit,
    attempts: item.attempts,
  };
}

/** The answer format of a task, as the signals judge it (labels, a rating, or text). */
function outputSpecOf(task: string): OutputFormatSpec {
  if (!isTaskKey(task)) return { kind: "text" };
  const output = getTask(task).output;
  return output.kind === "label" ? { kind: "label", labels: [...output.labels] } : output.kind === "rating" ? { kind: "rating" } : { kind: "text" };
}

/** The failure-mode parameters of the run's score node (defaults where it sets none, or where they cannot be read). */
function scoreNodeParams(graphJson: string): FailureModeParams {
  const graph = tryParseJsonAs(graphJson, pipelineGraphSchema, "PipelineVersion.graphJson");
  const overrides = graph.ok ? graph.value.nodes.find((n) => n.kind === "score")?.params?.failureModes : undefined;
  const parsed = failureModeParamsOverridesSchema.safeParse(overrides ?? {});
  try {
    return resolveFailureModeParams(parsed.success ? parsed.data : {});
  } catch {
    return resolveFailureModeParams();
  }
}
