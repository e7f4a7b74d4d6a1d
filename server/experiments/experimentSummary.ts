// What an experiment shows: each cell's headline metric with a bootstrap interval over its items,
// its failure-mode aggregates and cost; the repetitions of a cell pooled (mean of the runs, interval
// across them); and, for every factor, each value against the factor's first value with everything
// else fixed, as a paired bootstrap interval over the examples both cells finished.
import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { bootstrapMeanCI, type ConfidenceInterval } from "../metrics/stats/bootstrap";
import { pairedBootstrapDifference, type ExampleValue } from "../metrics/stats/pairedComparison";
import { headlineItemMetricOf, itemMetricLowerIsBetter } from "../metrics/metricCatalog";
import { parseStoredItemMetrics } from "../metrics/storedItemMetrics";
import { parseJsonAs } from "../safeJson";
import { runSummarySchema } from "../runs/summarizeRun";
import type { RunAggregateKey } from "../metrics/failureModes/runAggregates";
import { experimentCellSchema, experimentSpecSchema, factorName, type ExperimentCellInfo, type ExperimentSpec } from "./experimentSpec";

const BOOTSTRAP = { resamples: 1000, seed: 20250523 };

export type ExperimentCellSummary = ExperimentCellInfo & {
  runId: string;
  runName: string;
  datasetId: string;
  datasetName: string;
  status: string;
  done: number;
  failed: number;
  total: number;
  /** Mean of the headline per-item metric with a 95% bootstrap interval over the items; null before any is scored. */
  metric: ConfidenceInterval | null;
  medianReasoningTokens: number | null;
  invalidRawRate: number | null;
  meanInterventions: number | null;
  /** The run's failure-mode aggregates charted against the factors (EXPERIMENT_AGGREGATES). */
  aggregates: Record<ExperimentAggregate, number | null>;
  tokens: { prompt: number; completion: number; reasoning: number };
};

/** The failure-mode aggregates an experiment charts per cell, one per failure mode and the interventions. */
export const EXPERIMENT_AGGREGATES = [
  "medianReasoningTokens",
  "meanHesitationRate",
  "manySwitchesShare",
  "invalidRawRate",
  "meanItemCoverage",
  "meanInterventions",
] as const satisfies readonly RunAggregateKey[];
export type ExperimentAggregate = (typeof EXPERIMENT_AGGREGATES)[number];

/** A cell's repetitions pooled: the mean of their metric means, with a bootstrap interval across them (one run: its own interval). */
export type PooledCell = {
  datasetId: string;
  values: ExperimentCellInfo["values"];
  label: string;
  runs: number;
  metric: ConfidenceInterval | null;
  /** Each aggregate's mean over the repetitions. */
  aggregates: Record<ExperimentAggregate, number | null>;
};

/** The personalization gap: the own profile's metric minus another user's (or none), paired, per dataset and fixed factors. */
export type PersonalizationGap = { datasetId: string; versus: "other" | "none"; fixed: string; gap: ConfidenceInterval; shared: number };

export type FactorContrast = {
  factor: string;
  datasetId: string;
  /** The other factors' values (and the repetition) both cells share. */
  fixed: string;
  value: string | number | boolean;
  reference: string | number | boolean;
  runId: string;
  referenceRunId: string;
  /** This cell's metric minus the reference cell's, per shared example, with a paired 95% interval. */
  difference: ConfidenceInterval;
  shared: number;
};

export type ExperimentSummary = {
  id: string;
  name: string;
  spec: ExperimentSpec;
  createdAt: Date;
  status: "created" | "running" | "completed" | "cancelled" | "failed" | "partial";
  task: string | null;
  metric: string | null;
  lowerIsBetter: boolean;
  progress: { done: number; failed: number; total: number };
  cells: ExperimentCellSummary[];
  pooled: PooledCell[];
  contrasts: FactorContrast[];
  personalizationGaps: PersonalizationGap[];
};

function statusOf(statuses: readonly string[]): ExperimentSummary["status"] {
  if (statuses.some((s) => s === "running")) return "running";
  if (statuses.every((s) => s === "queued")) return "created";
  if (statuses.every((s) => s === "completed")) return "completed";
  if (statuses.some((s) => s === "failed")) return "failed";
  if (statuses.some((s) => s === "cancelled")) return "cancelled";
  return "partial";
}

const others = (cell: ExperimentCellInfo, factor: string) =>
  JSON.stringify([Object.entries(cell.values).filter(([k]) => k !== factor).sort(([a], [b]) => a.localeCompare(b)), cell.repetition]);

export async function summarizeExperiment(db: Db, experimentId: string): Promise<ExperimentSummary> {
  const experiment = await db.experiment.findUnique({
    where: { id: experimentId },
    include: {
      runs: {
        select: {
          id: true,
          name: true,
          status: true,
          totalItems: true,
          doneItems: true,
          failedItems: true,
          promptTokens: true,
          completionTokens: true,
          reasoningTokens: true,
          summaryJson: true,
          cellJson: true,
          dataset: { select: { id: true, name: true, task: true } },
        },
      },
    },
  });
  if (!experiment) throw new NotFoundError(`Experiment ${experimentId} does not exist.`);
  const spec = parseJsonAs(experiment.specJson, experimentSpecSchema, `Experiment ${experimentId}.specJson`);
  const task = experiment.runs[0]?.dataset.task ?? null;
  const metric = task ? headlineItemMetricOf(task) : null;

  const valuesByRun = new Map<string, ExampleValue[]>();
  const cells: ExperimentCellSummary[] = [];
  for (const run of experiment.runs) {
    const cell = parseJsonAs(run.cellJson, experimentCellSchema, `Run ${run.id}.cellJson`);
    const items = metric ? await db.runItem.findMany({ where: { runId: run.id, status: "done" }, select: { exampleId: true, metricsJson: true } }) : [];
    const values = items
      .map((i) => ({ exampleId: i.exampleId, value: parseStoredItemMetrics(i.metricsJson, `RunItem ${run.id}/${i.exampleId}.metricsJson`)[metric!] }))
      .filter((v): v is ExampleValue => typeof v.value === "number");
    valuesByRun.set(run.id, values);
    const fm = run.summaryJson ? parseJsonAs(run.summaryJson, runSummarySchema, `Run ${run.id}.summaryJson`).failureModes : null;
    cells.push({
      ...cell,
      runId: run.id,
      runName: run.name,
      datasetId: run.dataset.id,
      datasetName: run.dataset.name,
      status: run.status,
      done: run.doneItems,
      failed: run.failedItems,
      total: run.totalItems,
      metric: values.length > 0 ? bootstrapMeanCI(values.map((v) => v.value), BOOTSTRAP) : null,
      medianReasoningTokens: fm?.values.medianReasoningTokens ?? null,
      invalidRawRate: fm?.values.invalidRawRate ?? null,
      meanInterventions: fm?.values.meanInterventions ?? null,
      aggregates: Object.fromEntries(EXPERIMENT_AGGREGATES.map((k) => [k, fm?.values[k] ?? null])) as Record<ExperimentAggregate, number | null>,
      tokens: { prompt: run.promptTokens, completion: run.completionTokens, reasoning: run.reasoningTokens },
    });
  }
  cells.sort((a, b) => a.index - b.index);

  const pooled: PooledCell[] = [];
  for (const cell of cells.filter((c) => c.repetition === 0)) {
    const reps = cells.filter((c) => c.datasetId === cell.datasetId && JSON.stringify(c.values) === JSON.stringify(cell.values));
    const means = reps.flatMap((c) => (c.metric ? [c.metric.estimate] : []));
    pooled.push({
      datasetId: cell.datasetId,
      values: cell.values,
      label: cell.label.replace(/ · rep 1$/u, ""),
      runs: reps.length,
      // One run: its own interval over the items; several: the interval across the runs' means.
      metric: reps.length === 1 ? cell.metric : means.length > 0 ? bootstrapMeanCI(means, BOOTSTRAP) : null,
      aggregates: Object.fromEntries(
        EXPERIMENT_AGGREGATES.map((k) => {
          const known = reps.map((c) => c.aggregates[k]).filter((v): v is number => v !== null);
          return [k, known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length];
        }),
      ) as Record<ExperimentAggregate, number | null>,
    });
  }

  const contrasts: FactorContrast[] = [];
  for (const factor of spec.factors) {
    const name = factorName(factor);
    const reference = factor.values[0]!;
    for (const cell of cells) {
      if (cell.values[name] === reference) continue;
      const match = cells.find((c) => c.datasetId === cell.datasetId && c.values[name] === reference && others(c, name) === others(cell, name));
      const a = valuesByRun.get(cell.runId) ?? [];
      const b = match ? (valuesByRun.get(match.runId) ?? []) : [];
      const bIds = new Set(b.map((v) => v.exampleId));
      const shared = a.filter((v) => bIds.has(v.exampleId)).length;
      if (!match || shared === 0) continue;
      const result = pairedBootstrapDifference(a, b, BOOTSTRAP);
      const fixed = Object.entries(cell.values).filter(([k]) => k !== name).map(([k, v]) => `${k}=${String(v)}`);
      contrasts.push({
        factor: name,
        datasetId: cell.datasetId,
        fixed: [...fixed, ...(spec.repetitions > 1 ? [`rep ${cell.repetition + 1}`] : [])].join(" · "),
        value: cell.values[name]!,
        reference,
        runId: cell.runId,
        referenceRunId: match.runId,
        difference: result.difference,
        shared,
      });
    }
  }

  // own − other and own − none: the profile contrasts (value − own) turned around.
  const personalizationGaps: PersonalizationGap[] = contrasts
    .filter((k) => k.factor === "profile" && k.reference === "own" && (k.value === "other" || k.value === "none"))
    .map((k) => ({
      datasetId: k.datasetId,
      versus: k.value as "other" | "none",
      fixed: k.fixed,
      gap: { ...k.difference, estimate: -k.difference.estimate, lower: -k.difference.upper, upper: -k.difference.lower },
      shared: k.shared,
    }));

  return {
    id: experiment.id,
    name: experiment.name,
    spec,
    createdAt: experiment.createdAt,
    status: cells.length === 0 ? "created" : statusOf(cells.map((c) => c.status)),
    task,
    metric,
    lowerIsBetter: metric ? itemMetricLowerIsBetter(metric) : false,
    progress: {
      done: cells.reduce((s, c) => s + c.done, 0),
      failed: cells.reduce((s, c) => s + c.failed, 0),
      total: cells.reduce((s, c) => s + c.total, 0),
    },
    cells,
    pooled,
    contrasts,
    personalizationGaps,
  };
}

/** The experiments, newest first, with their status and progress (no item is read). */
export async function listExperiments(db: Db) {
  const rows = await db.experiment.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, name: true, createdAt: true, runs: { select: { status: true, doneItems: true, failedItems: true, totalItems: true } } },
  });
  return rows.map(({ runs, ...e }) => ({
    ...e,
    runs: runs.length,
    status: runs.length === 0 ? ("created" as const) : statusOf(runs.map((r) => r.status)),
    progress: { done: runs.reduce((s, r) => s + r.doneItems, 0), failed: runs.reduce((s, r) => s + r.failedItems, 0), total: runs.reduce((s, r) => s + r.totalItems, 0) },
  }));
}
