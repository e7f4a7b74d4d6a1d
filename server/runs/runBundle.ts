import { z } from "zod";
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { storedProfileSchema } from "../lamp/storedProfile";
import { metricValuesSchema } from "../metrics/storedItemMetrics";
import { jsonObjectSchema, parseJsonAs } from "../safeJson";
import { redactUrlsIn } from "../urlCredentials";
import { objectWithoutSecrets } from "./bundleSecrets";
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type RunBundle } from "./runBundleSchema";
import { runSummarySchema } from "./summarizeRun";

/**
 * A run as one self-contained JSON document another studio can import (the format:
 * runBundleSchema.ts; the import: importRunBundle.ts): the pipeline version it ran, the examples it
 * covered (input, profile, gold) and every item's stored result. It never carries an API key: run
 * configs only hold the endpoint's public view, and any credential-like field is dropped.
 */
export async function exportRunBundle(db: Db, runId: string): Promise<RunBundle> {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: { dataset: true, pipelineVersion: { include: { pipeline: true } } },
  });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  const items = await db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
  const examples = await examplesOf(db, items.map((i) => i.exampleRowId));
  return {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    pipeline: {
      name: run.pipelineVersion.pipeline.name,
      description: run.pipelineVersion.pipeline.description,
      version: run.pipelineVersion.version,
      graph: parseJsonAs(run.pipelineVersion.graphJson, pipelineGraphSchema, `PipelineVersion ${run.pipelineVersion.id}.graphJson`),
    },
    dataset: {
      name: run.dataset.name,
      // As stored; the import checks them against the task registry and the split names.
      task: run.dataset.task as RunBundle["dataset"]["task"],
      split: run.dataset.split as RunBundle["dataset"]["split"],
      splitKind: run.dataset.splitKind as RunBundle["dataset"]["splitKind"],
      examples: examples.map((e) => ({
        exampleId: e.exampleId,
        position: e.position,
        userId: e.userId,
        input: e.input,
        profile: parseJsonAs(e.profileJson, storedProfileSchema, `Example ${e.id}.profileJson`),
        gold: e.gold,
      })),
    },
    run: {
      name: run.name,
      status: run.status as RunBundle["run"]["status"],
      config: objectWithoutSecrets(parseJsonAs(run.configJson, jsonObjectSchema, `Run ${run.id}.configJson`)),
      seed: run.seed,
      totalItems: run.totalItems,
      summary: run.summaryJson ? parseJsonAs(run.summaryJson, runSummarySchema, `Run ${run.id}.summaryJson`) : null,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    items: items.map((i) => {
      const where = `RunItem ${run.id}/${i.exampleId}`;
      return {
        exampleId: i.exampleId,
        position: i.position,
        status: i.status as "done" | "failed",
        answer: i.answer,
        rawAnswer: i.rawAnswer,
        reasoning: i.reasoning,
        outputs: parseJsonAs(i.outputsJson, jsonObjectSchema, `${where}.outputsJson`),
        retrievedIds: parseJsonAs(i.retrievedIdsJson, z.array(z.string()), `${where}.retrievedIdsJson`),
        metrics: parseJsonAs(i.metricsJson, metricValuesSchema, `${where}.metricsJson`),
        signals: parseJsonAs(i.signalsJson, jsonObjectSchema, `${where}.signalsJson`),
        promptTokens: i.promptTokens,
        completionTokens: i.completionTokens,
        reasoningTokens: i.reasoningTokens,
        latencyMs: i.latencyMs,
        cacheHit: i.cacheHit,
        attempts: i.attempts,
        // Items stored before errors were redacted may quote an endpoint URL with its credentials.
        error: i.error === null ? null : redactUrlsIn(i.error),
      };
    }),
  };
}

/** Rows looked up per query: far below the parameter limit of SQLite (32,766) and PostgreSQL (65,535). */
const IDS_PER_QUERY = 500;

/** The example rows with these ids, in file order; looked up a chunk at a time (a run may cover 100,000 examples). */
async function examplesOf(db: Db, rowIds: readonly string[]) {
  const rows = [];
  for (let start = 0; start < rowIds.length; start += IDS_PER_QUERY) {
    rows.push(...(await db.example.findMany({ where: { id: { in: rowIds.slice(start, start + IDS_PER_QUERY) } } })));
  }
  return rows.sort((a, b) => a.position - b.position);
}
