import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { pairedBootstrapDifference, profileSensitivity, type ExampleValue } from "../metrics/stats/pairedComparison";
import { parseJsonAs } from "../safeJson";
import { runConfigSchema } from "./runConfig";
import type { ConfidenceInterval } from "../metrics/stats/bootstrap";
import { AVERAGED_ITEM_METRIC_KEYS, headlineItemMetricOf } from "../metrics/metricCatalog";
import { parseStoredItemMetrics } from "../metrics/storedItemMetrics";

export type PairedMetricComparison = {
  runId: string;
  metric: string;
  /** Mean of (this run - baseline) per shared example, with its paired bootstrap interval. */
  difference: ConfidenceInterval;
  meanBaseline: number;
  meanRun: number;
  pValue: number;
  shared: number;
  onlyInBaseline: number;
  onlyInRun: number;
};

export type ExampleDifference = {
  exampleId: string;
  gold: string | null;
  answers: (string | null)[];
  /** Each run's value of `mainMetric` (null: no finished item there). */
  values: (number | null)[];
};

export type RunComparisonResult = {
  baselineRunId: string;
  runIds: string[];
  metrics: string[];
  /** The per-example metric of `differences.values`: the one averaging to the task's headline metric. */
  mainMetric: string | null;
  paired: PairedMetricComparison[];
  /** Examples whose answers differ between runs, largest change of the main metric first. */
  differences: ExampleDifference[];
  differingExamples: number;
  sharedExamples: number;
  /**
   * For each run shown another user's profile, compared with a baseline shown its own: the share of
   * shared examples whose answer changed, with a bootstrap interval.
   */
  profileSensitivity: Array<{ runId: string; share: ConfidenceInterval; changed: number; n: number }>;
};

/**
 * Paired comparison of runs against the first one (the baseline), on the examples both finished:
 * per-example differences of each metric, a paired bootstrap CI and a sign-flip p-value, plus the
 * examples whose answers changed. Pairing is by LaMP example id, so runs on the same dataset (or on
 * subsets of it) compare example by example.
 */
export async function compareRuns(db: Db, runIds: string[], options: { seed?: number; resamples?: number; maxDifferences?: number } = {}): Promise<RunComparisonResult> {
  if (runIds.length < 2) throw new UserInputError("Pick at least two runs to compare.");
  const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, datasetId: true, configJson: true, dataset: { select: { task: true } } } });
  const missing = runIds.filter((id) => !runs.some((r) => r.id === id));
  if (missing.length > 0) throw new NotFoundError(`Runs not found: ${missing.join(", ")}`);
  if (new Set(runs.map((r) => r.dataset.task)).size > 1) throw new UserInputError("These runs are on different tasks; their examples cannot be paired.");

  const itemsByRun = await Promise.all(
    runIds.map((runId) =>
      db.runItem.findMany({ where: { runId, status: "done" }, select: { exampleId: true, exampleRowId: true, answer: true, metricsJson: true } }),
    ),
  );
  const parsed = itemsByRun.map((items, r) =>
    new Map(
      items.map((i) => [
        i.exampleId,
        { answer: i.answer, exampleRowId: i.exampleRowId, metrics: parseStoredItemMetrics(i.metricsJson, `RunItem ${runIds[r]}/${i.exampleId}.metricsJson`) },
      ]),
    ),
  );
  const present = new Set([...parsed[0].values()].flatMap((i) => Object.keys(i.metrics)));
  // The per-example values whose mean is an official metric: differences of their means are
  // differences of the official metric (the squared error's mean is not the RMSE, so it is left out).
  const metrics: string[] = AVERAGED_ITEM_METRIC_KEYS.filter((m) => present.has(m));

  const valuesOf = (run: number, metric: string): ExampleValue[] =>
    [...parsed[run].entries()].filter(([, i]) => typeof i.metrics[metric] === "number").map(([exampleId, i]) => ({ exampleId, value: i.metrics[metric] }));

  const paired: PairedMetricComparison[] = [];
  for (let r = 1; r < runIds.length; r++) {
    for (const metric of metrics) {
      const baseline = valuesOf(0, metric);
      const other = valuesOf(r, metric);
      const shared = other.filter((v) => parsed[0].has(v.exampleId)).length;
      if (shared === 0) continue;
      const result = pairedBootstrapDifference(other, baseline, { seed: options.seed, resamples: options.resamples });
      paired.push({
        runId: runIds[r],
        metric,
        difference: result.difference,
        meanBaseline: result.meanB,
        meanRun: result.meanA,
        pValue: result.pValue,
        shared,
        onlyInBaseline: result.onlyInB,
        onlyInRun: result.onlyInA,
      });
    }
  }

  const allKeys = [...new Set(parsed.flatMap((m) => [...m.keys()]))];
  const sharedExamples = allKeys.filter((k) => parsed.every((m) => m.has(k))).length;
  const headline = headlineItemMetricOf(runs[0]!.dataset.task);
  const main = headline !== null && metrics.includes(headline) ? headline : (metrics[0] ?? null);
  const differing = allKeys.filter((k) => new Set(parsed.map((m) => m.get(k)?.answer ?? null)).size > 1);
  const exampleIds = [...new Set(differing.map((k) => parsed.find((m) => m.has(k))!.get(k)!.exampleRowId))];
  const golds = new Map(
    (await db.example.findMany({ where: { id: { in: exampleIds } }, select: { exampleId: true, gold: true } })).map((e) => [e.exampleId, e.gold]),
  );
  const spread = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length < 2 ? 0 : Math.max(...known) - Math.min(...known);
  };
  const differences = differing
    .map((k) => {
      const values = parsed.map((m) => (main ? (m.get(k)?.metrics[main] ?? null) : null));
      return { exampleId: k, gold: golds.get(k) ?? null, answers: parsed.map((m) => m.get(k)?.answer ?? null), values };
    })
    .sort((a, b) => spread(b.values) - spread(a.values) || a.exampleId.localeCompare(b.exampleId))
    .slice(0, options.maxDifferences ?? 200);

  const sourceOf = (runId: string) => parseJsonAs(runs.find((r) => r.id === runId)!.configJson, runConfigSchema, `Run ${runId}.configJson`).profileSource;
  const answersOf = (r: number) => [...parsed[r].entries()].map(([exampleId, i]) => ({ exampleId, answer: i.answer ?? "" }));
  const sensitivity: RunComparisonResult["profileSensitivity"] = [];
  if (sourceOf(runIds[0]!) === "own") {
    for (let r = 1; r < runIds.length; r++) {
      if (sourceOf(runIds[r]!) !== "other" || sharedWith(parsed[0], parsed[r]) === 0) continue;
      const result = profileSensitivity(answersOf(0), answersOf(r), { seed: options.seed, resamples: options.resamples });
      sensitivity.push({ runId: runIds[r]!, share: result.share, changed: result.changed, n: result.n });
    }
  }

  return {
    baselineRunId: runIds[0],
    runIds,
    metrics,
    mainMetric: main,
    paired,
    differences,
    differingExamples: differing.length,
    sharedExamples,
    profileSensitivity: sensitivity,
  };
}

function sharedWith(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): number {
  let n = 0;
  for (const key of b.keys()) if (a.has(key)) n++;
  return n;
}
