import crypto from "node:crypto";
import { openBulkWriter, type BulkRow } from "../db/bulkWriter";
import { databaseTargetOf, type Db } from "../db/client";
import { graphHashOf } from "../pipeline/graphHash";
import { findIdenticalDataset, findIdenticalPipelineVersion, freeName } from "./bundleReuse";
import { BundleError, checkRunBundle, type CheckedRunBundle } from "./checkRunBundle";
import type { BundleItem, RunBundle } from "./runBundleSchema";

export type ImportedRun = {
  runId: string;
  datasetId: string;
  pipelineId: string;
  pipelineVersionId: string;
  /** The bundle's examples were all in a dataset here already (same name, task and content). */
  reusedDataset: boolean;
  /** A pipeline version here has the same graph (by PipelineVersion.graphHash). */
  reusedPipeline: boolean;
};

/** Rows handed to the writer at a time (the PostgreSQL writer splits them under its parameter limit). */
const ROWS_PER_INSERT = 1_000;

/** Model text from another studio may hold NUL, which PostgreSQL text cannot: stored as U+FFFD, as item writes do. */
function storableText(value: string | null): string | null {
  return value !== null && value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}

async function insertInChunks<T>(insert: (rows: BulkRow[]) => Promise<void>, list: readonly T[], toRow: (t: T) => BulkRow): Promise<void> {
  for (let start = 0; start < list.length; start += ROWS_PER_INSERT) await insert(list.slice(start, start + ROWS_PER_INSERT).map(toRow));
}

/** A bundle exported mid-way is not executing here: it can be resumed like a cancelled run. */
function importedStatus(status: RunBundle["run"]["status"]): string {
  return status === "running" || status === "queued" || status === "interrupted" ? "cancelled" : status;
}

function itemRow(item: BundleItem, runId: string, exampleRowId: string, finishedAt: Date): BulkRow {
  return {
    id: crypto.randomUUID(),
    runId,
    exampleRowId,
    exampleId: item.exampleId,
    position: item.position,
    status: item.status,
    answer: storableText(item.answer),
    rawAnswer: storableText(item.rawAnswer),
    reasoning: storableText(item.reasoning),
    outputsJson: JSON.stringify(item.outputs),
    retrievedIdsJson: JSON.stringify(item.retrievedIds),
    metricsJson: JSON.stringify(item.metrics),
    signalsJson: JSON.stringify(item.signals),
    promptTokens: item.promptTokens,
    completionTokens: item.completionTokens,
    reasoningTokens: item.reasoningTokens,
    latencyMs: item.latencyMs,
    cacheHit: item.cacheHit,
    attempts: item.attempts,
    error: storableText(item.error),
    finishedAt,
  };
}

/**
 * Stores a checked bundle as a new run (`importedAt` set), reusing an identical pipeline version
 * and an identical dataset when there are (bundleReuse.ts), else adding a pipeline and a dataset
 * named apart. One transaction on the bulk writer's own connection, so 100,000 examples go in rows
 * of chunks, never one statement past the database's parameter limit, and a failure leaves nothing.
 */
export async function writeRunBundle(db: Db, { bundle, graph, config }: CheckedRunBundle): Promise<ImportedRun> {
  const graphHash = graphHashOf(graph);
  const version = await findIdenticalPipelineVersion(db, graphHash);
  const dataset = await findIdenticalDataset(db, bundle);
  const datasetName = dataset ? null : await freeName(async (n) => (await db.dataset.count({ where: { name: n } })) > 0, bundle.dataset.name);
  const pipelineName = version ? null : await freeName(async (n) => (await db.pipeline.count({ where: { name: n } })) > 0, bundle.pipeline.name);

  const now = new Date();
  const datasetId = dataset?.datasetId ?? crypto.randomUUID();
  const pipelineId = version?.pipelineId ?? crypto.randomUUID();
  const pipelineVersionId = version?.id ?? crypto.randomUUID();
  const runId = crypto.randomUUID();
  const rowIds = dataset?.rowIds ?? new Map(bundle.dataset.examples.map((e) => [e.exampleId, crypto.randomUUID()]));
  const examples = bundle.dataset.examples;
  const done = bundle.items.filter((i) => i.status === "done");
  const sum = (key: "promptTokens" | "completionTokens" | "reasoningTokens") => done.reduce((s, i) => s + i[key], 0);
  const finishedAt = bundle.run.finishedAt ? new Date(bundle.run.finishedAt) : null;

  const writer = await openBulkWriter(databaseTargetOf(db));
  try {
    if (datasetName !== null) {
      await writer.insert("Dataset", [
        {
          id: datasetId,
          name: datasetName,
          task: bundle.dataset.task,
          split: bundle.dataset.split,
          splitKind: bundle.dataset.splitKind,
          source: "import",
          description: `Imported with a run bundle (${examples.length} examples).`,
          exampleCount: examples.length,
          goldCount: examples.filter((e) => e.gold !== null).length,
          createdAt: now,
        },
      ]);
      await insertInChunks((rows) => writer.insert("Example", rows), examples, (e) => ({
        id: rowIds.get(e.exampleId)!,
        datasetId,
        position: e.position,
        exampleId: e.exampleId,
        userId: e.userId,
        input: e.input,
        profileJson: JSON.stringify(e.profile),
        profileSize: e.profile.length,
        gold: e.gold,
      }));
    }
    if (pipelineName !== null) {
      await writer.insert("Pipeline", [
        { id: pipelineId, name: pipelineName, description: bundle.pipeline.description, templateKey: null, createdAt: now, updatedAt: now, archivedAt: null },
      ]);
      await writer.insert("PipelineVersion", [
        {
          id: pipelineVersionId,
          pipelineId,
          version: 1,
          graphJson: JSON.stringify(graph),
          graphHash,
          note: `imported (was v${bundle.pipeline.version})`,
          createdAt: now,
        },
      ]);
    }
    await writer.insert("Run", [
      {
        id: runId,
        name: bundle.run.name,
        pipelineVersionId,
        datasetId,
        status: importedStatus(bundle.run.status),
        configJson: JSON.stringify(config),
        seed: bundle.run.seed,
        totalItems: bundle.run.totalItems,
        doneItems: done.length,
        failedItems: bundle.items.length - done.length,
        promptTokens: sum("promptTokens"),
        completionTokens: sum("completionTokens"),
        reasoningTokens: sum("reasoningTokens"),
        summaryJson: bundle.run.summary === null ? null : JSON.stringify(bundle.run.summary),
        error: null,
        createdAt: new Date(bundle.run.createdAt),
        startedAt: bundle.run.startedAt ? new Date(bundle.run.startedAt) : null,
        finishedAt,
        importedAt: now,
        experimentId: null,
        cellJson: "{}",
      },
    ]);
    await insertInChunks((rows) => writer.insert("RunItem", rows), bundle.items, (i) => itemRow(i, runId, rowIds.get(i.exampleId)!, finishedAt ?? now));
    await writer.commit();
  } catch (err) {
    await writer.rollback();
    // Another import may have taken the name between the lookup above and the insert.
    if (writer.isUniqueViolation(err, "Dataset", "name") || writer.isUniqueViolation(err, "Pipeline", "name")) {
      throw new BundleError(`A dataset or pipeline named like the bundle's was added while it was imported; import it again.`);
    }
    throw err;
  }
  return { runId, datasetId, pipelineId, pipelineVersionId, reusedDataset: dataset !== null, reusedPipeline: version !== null };
}

/** Checks a run bundle (checkRunBundle.ts), then stores it (writeRunBundle); a bad bundle changes nothing. */
export async function importRunBundle(db: Db, raw: unknown): Promise<ImportedRun> {
  return writeRunBundle(db, checkRunBundle(raw));
}
