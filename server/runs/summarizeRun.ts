import { z } from "zod";
import type { Db } from "../db/client";
import { evaluateOfficial } from "../metrics/lamp/officialEvaluation";
import { aggregateFailureSignals, failureModeAggregatesSchema, type FailureModeAggregates } from "../metrics/failureModes/runAggregates";
import { failureSignalsSchema, type FailureSignals } from "../metrics/failureModes/itemSignals";
import { LAMP_TASKS, isTaskKey, type TaskKey } from "../lamp/tasks";
import { numpyMean } from "../metrics/lamp/numpySum";
import { metricValuesSchema, parseStoredItemMetrics } from "../metrics/storedItemMetrics";
import { parseJsonAs } from "../safeJson";

export type RunSummary = {
  task: string;
  /** Items with a stored answer and a gold output: what the official metrics cover. */
  scoredItems: number;
  doneItems: number;
  failedItems: number;
  /** Official LaMP metrics (same keys as eval/evaluation.py) on the extracted answers... */
  official: Record<string, number> | null;
  /** ...and on the raw answers, to show what format misalignment costs. */
  officialRaw: Record<string, number> | null;
  failureModes: FailureModeAggregates | null;
};

/** A summary as stored (Run.summaryJson). */
export const runSummarySchema: z.ZodType<RunSummary> = z.object({
  task: z.string(),
  scoredItems: z.number(),
  doneItems: z.number(),
  failedItems: z.number(),
  official: metricValuesSchema.nullable(),
  officialRaw: metricValuesSchema.nullable(),
  failureModes: failureModeAggregatesSchema.nullable(),
});

/** What a summary reads of one finished item. */
export type SummaryItem = {
  exampleRowId: string;
  position: number;
  exampleId: string;
  gold: string | null;
  answer: string;
  rawAnswer: string;
  metrics: Record<string, number>;
  /** Null when the pipeline computed none (no score signals). */
  signals: FailureSignals | null;
};

/**
 * How the official metrics are computed: `evaluate` runs the official evaluation on the answers
 * (the reference path, used for every stored final summary); `item-metrics` averages the per-item
 * ROUGE values the score node stored (the same numbers in the same order, so the same means,
 * without re-scoring every text on each refresh of a running run's summary).
 */
export type OfficialPath = "evaluate" | "item-metrics";

function officialOf(task: TaskKey, scored: readonly SummaryItem[], which: "answer" | "rawAnswer", path: OfficialPath): Record<string, number> {
  const spec = LAMP_TASKS[task];
  const prefix = which === "answer" ? "" : "raw.";
  if (path === "item-metrics" && spec.output.kind === "text") {
    const r1 = scored.map((i) => i.metrics[`${prefix}rouge1`]);
    const rl = scored.map((i) => i.metrics[`${prefix}rougeL`]);
    if ([...r1, ...rl].every((v) => typeof v === "number")) return { "rouge-1": numpyMean(r1), "rouge-L": numpyMean(rl) };
  }
  const golds = scored.map((i) => ({ id: i.exampleId, output: i.gold! }));
  const preds = scored.map((i) => ({ id: i.exampleId, output: i[which] }));
  return evaluateOfficial(spec.fileTaskName, golds, preds, { lamp2Labels: task === "LaMP-2N" ? "news" : "movie" });
}

/**
 * Official metrics over the finished items (the official script requires predictions for every
 * gold id, so it is applied to exactly the finished, gold-carrying subset, in file order) plus the
 * failure-mode aggregates.
 */
export function summarizeItems(task: string, done: readonly SummaryItem[], failedItems: number, path: OfficialPath = "evaluate"): RunSummary {
  const ordered = [...done].sort((a, b) => a.position - b.position);
  const scored = ordered.filter((i) => i.gold != null);
  const official = scored.length > 0 && isTaskKey(task) ? officialOf(task, scored, "answer", path) : null;
  const officialRaw = scored.length > 0 && isTaskKey(task) ? officialOf(task, scored, "rawAnswer", path) : null;
  const withSignals = ordered.filter((i) => i.signals !== null);
  const failureModes =
    withSignals.length > 0 ? aggregateFailureSignals(withSignals.map((i) => ({ exampleId: i.exampleId, signals: i.signals!, metrics: i.metrics }))) : null;
  return { task, scoredItems: scored.length, doneItems: ordered.length, failedItems, official, officialRaw, failureModes };
}

/** A stored item's summary view (signals "{}" = none); `runId` only names the item in errors. */
function summaryItemOf(
  row: { exampleRowId: string; position: number; exampleId: string; answer: string | null; rawAnswer: string | null; metricsJson: string; signalsJson: string },
  gold: string | null,
  runId: string,
): SummaryItem {
  const where = `RunItem ${runId}/${row.exampleId}`;
  return {
    exampleRowId: row.exampleRowId,
    position: row.position,
    exampleId: row.exampleId,
    gold,
    answer: row.answer ?? "",
    rawAnswer: row.rawAnswer ?? "",
    metrics: parseStoredItemMetrics(row.metricsJson, `${where}.metricsJson`),
    signals: row.signalsJson === "{}" ? null : parseJsonAs(row.signalsJson, failureSignalsSchema, `${where}.signalsJson`),
  };
}

/** A run's finished items as the summary reads them, and how many failed. */
export async function loadSummaryItems(db: Db, runId: string): Promise<{ task: string; done: SummaryItem[]; failedItems: number }> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { dataset: { select: { task: true } } } });
  const rows = await db.runItem.findMany({
    where: { runId },
    orderBy: { position: "asc" },
    select: {
      status: true,
      exampleRowId: true,
      position: true,
      exampleId: true,
      answer: true,
      rawAnswer: true,
      metricsJson: true,
      signalsJson: true,
      example: { select: { gold: true } },
    },
  });
  const done = rows.filter((r) => r.status === "done");
  return { task: run.dataset.task, done: done.map((r) => summaryItemOf(r, r.example.gold, runId)), failedItems: rows.length - done.length };
}

/** The summary of everything a run has stored (final summaries, cancelled runs, resumed runs). */
export async function summarizeRun(db: Db, runId: string): Promise<RunSummary> {
  const { task, done, failedItems } = await loadSummaryItems(db, runId);
  return summarizeItems(task, done, failedItems, "evaluate");
}
