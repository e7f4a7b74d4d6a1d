// The one catalog of the task metrics the studio shows: every key the official LaMP evaluation
// writes (lamp/officialEvaluation.ts, a port of eval/evaluation.py) and every per-example value the
// score node stores, each with its label, its direction and its display format; and, derived from
// the task registry, which keys each task gets and which one is its headline.
// Components import this module too, so it has no runtime import but the task registry (itself
// free of zod, Prisma and node: modules); everything else is `import type`.
import { LAMP_TASKS, TASK_KEYS, isTaskKey, type TaskKey, type TaskOutput } from "../lamp/tasks";
import type { Direction } from "./failureModes/definitions";
import type { ClassificationResult, ExampleScore, GenerationResult, RatingResult } from "./lamp/officialEvaluation";

/** The failure-mode definitions' vocabulary, restricted to what a task metric can be. */
export type MetricDirection = Extract<Direction, "higher_is_better" | "higher_is_worse">;

/** How a value is written: with a number of significant digits, or a fixed number of decimals. */
export type MetricFormat = { kind: "significant"; digits: number } | { kind: "decimals"; digits: number };

/** Shares in [0, 1] (accuracy, F1, ROUGE): 0.457, 0.0457. */
const PROPORTION: MetricFormat = { kind: "significant", digits: 3 };
/** Errors on the 1-5 rating scale (MAE, RMSE): 0.654, 1.250. */
const RATING_ERROR: MetricFormat = { kind: "decimals", digits: 3 };

export type OfficialMetricKey = keyof ClassificationResult | keyof RatingResult | keyof GenerationResult;

export type OfficialMetricInfo = { key: OfficialMetricKey; label: string; direction: MetricDirection; format: MetricFormat };

/** Every key of the official evaluation, in display order. */
const OFFICIAL_METRICS: { readonly [K in OfficialMetricKey]: OfficialMetricInfo & { key: K } } = {
  accuracy: { key: "accuracy", label: "Accuracy", direction: "higher_is_better", format: PROPORTION },
  f1: { key: "f1", label: "Macro F1", direction: "higher_is_better", format: PROPORTION },
  MAE: { key: "MAE", label: "MAE", direction: "higher_is_worse", format: RATING_ERROR },
  RMSE: { key: "RMSE", label: "RMSE", direction: "higher_is_worse", format: RATING_ERROR },
  "rouge-1": { key: "rouge-1", label: "ROUGE-1", direction: "higher_is_better", format: PROPORTION },
  "rouge-L": { key: "rouge-L", label: "ROUGE-L", direction: "higher_is_better", format: PROPORTION },
};

export const OFFICIAL_METRIC_KEYS = Object.keys(OFFICIAL_METRICS) as readonly OfficialMetricKey[];

type MetricFamily<R> = { keys: readonly (keyof R & OfficialMetricKey)[]; headline: keyof R & OfficialMetricKey };

/**
 * What the official evaluation returns for each kind of task output, and the headline: the metric
 * LaMP's own training scripts select checkpoints by (accuracy, MAE, ROUGE-1).
 */
const FAMILY_BY_OUTPUT: { readonly [K in TaskOutput["kind"]]: MetricFamily<Record<OfficialMetricKey, number>> } = {
  label: { keys: ["accuracy", "f1"], headline: "accuracy" } satisfies MetricFamily<ClassificationResult>,
  rating: { keys: ["MAE", "RMSE"], headline: "MAE" } satisfies MetricFamily<RatingResult>,
  text: { keys: ["rouge-1", "rouge-L"], headline: "rouge-1" } satisfies MetricFamily<GenerationResult>,
};

export type TaskMetrics = { task: TaskKey; officialKeys: readonly OfficialMetricKey[]; headline: OfficialMetricKey };

/** Per task of the registry: the official keys its evaluation writes and its headline metric. */
export const TASK_METRICS: Readonly<Record<TaskKey, TaskMetrics>> = Object.fromEntries(
  TASK_KEYS.map((task) => {
    const family = FAMILY_BY_OUTPUT[LAMP_TASKS[task].output.kind];
    return [task, { task, officialKeys: family.keys, headline: family.headline }];
  }),
) as Record<TaskKey, TaskMetrics>;

export function officialMetricInfo(key: string): OfficialMetricInfo | null {
  return Object.hasOwn(OFFICIAL_METRICS, key) ? OFFICIAL_METRICS[key as OfficialMetricKey] : null;
}

/** The catalog label; a key the catalog does not know is shown as itself. */
export function officialMetricLabel(key: string): string {
  return officialMetricInfo(key)?.label ?? key;
}

export function officialMetricLowerIsBetter(key: string): boolean {
  return officialMetricInfo(key)?.direction === "higher_is_worse";
}

/** Distinct keys in catalog order; unknown keys last, alphabetically. */
export function orderOfficialMetricKeys(keys: Iterable<string>): string[] {
  const rank = (key: string) => {
    const i = (OFFICIAL_METRIC_KEYS as readonly string[]).indexOf(key);
    return i === -1 ? OFFICIAL_METRIC_KEYS.length : i;
  };
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The headline official metric of a task key; null for a key the registry does not know. */
export function headlineMetricOf(task: string): OfficialMetricKey | null {
  return isTaskKey(task) ? TASK_METRICS[task].headline : null;
}

// Per-example values ----------------------------------------------------------------------------

/** Fields of scoreExample's result, whichever kind of task. */
type ExampleScoreField = ExampleScore extends infer S ? (S extends unknown ? keyof S : never) : never;

export type ItemMetricKey = "correct" | "absoluteError" | "squaredError" | "rouge1" | "rougeL";

export type ItemMetricInfo = {
  key: ItemMetricKey;
  label: string;
  direction: MetricDirection;
  format: MetricFormat;
  /** The official metric that is the mean of this value over the examples; null when none is. */
  meanIs: OfficialMetricKey | null;
};

/** The per-example values scoreExample computes (stored per item), in display order. */
const ITEM_METRICS = {
  correct: { key: "correct", label: "Accuracy (per example)", direction: "higher_is_better", format: PROPORTION, meanIs: "accuracy" },
  absoluteError: { key: "absoluteError", label: "Absolute error", direction: "higher_is_worse", format: RATING_ERROR, meanIs: "MAE" },
  // Its mean is the MSE; the RMSE is the square root of that mean, not a mean itself.
  squaredError: { key: "squaredError", label: "Squared error", direction: "higher_is_worse", format: RATING_ERROR, meanIs: null },
  rouge1: { key: "rouge1", label: "ROUGE-1", direction: "higher_is_better", format: PROPORTION, meanIs: "rouge-1" },
  rougeL: { key: "rougeL", label: "ROUGE-L", direction: "higher_is_better", format: PROPORTION, meanIs: "rouge-L" },
} as const satisfies { readonly [K in ItemMetricKey & ExampleScoreField]: ItemMetricInfo & { key: K } };

export const ITEM_METRIC_KEYS = Object.keys(ITEM_METRICS) as readonly ItemMetricKey[];

/** Items also store each value for the raw answer (before extraction) under this prefix. */
const RAW_PREFIX = "raw.";

/** "raw.rouge1" is ROUGE-1 of the raw answer. */
export function parseItemMetricKey(key: string): { base: string; raw: boolean } {
  return key.startsWith(RAW_PREFIX) ? { base: key.slice(RAW_PREFIX.length), raw: true } : { base: key, raw: false };
}

/** The catalog entry of a stored key, "raw." variants included; null when the catalog does not know it. */
export function itemMetricInfo(key: string): ItemMetricInfo | null {
  const { base } = parseItemMetricKey(key);
  return Object.hasOwn(ITEM_METRICS, base) ? ITEM_METRICS[base as ItemMetricKey] : null;
}

export function itemMetricLabel(key: string): string {
  const { base, raw } = parseItemMetricKey(key);
  const label = itemMetricInfo(base)?.label ?? base;
  return raw ? `${label} (raw answer)` : label;
}

export function itemMetricLowerIsBetter(key: string): boolean {
  return itemMetricInfo(key)?.direction === "higher_is_worse";
}

/** The per-example values whose mean over examples is an official metric, in display order. */
export const AVERAGED_ITEM_METRIC_KEYS: readonly ItemMetricKey[] = ITEM_METRIC_KEYS.filter((k) => ITEM_METRICS[k].meanIs !== null);

/** The per-example value whose mean is the task's headline metric; null for an unknown task. */
export function headlineItemMetricOf(task: string): ItemMetricKey | null {
  const headline = headlineMetricOf(task);
  if (headline === null) return null;
  return ITEM_METRIC_KEYS.find((k) => ITEM_METRICS[k].meanIs === headline) ?? null;
}

const HEADLINES = new Set<OfficialMetricKey>(TASK_KEYS.map((task) => TASK_METRICS[task].headline));

/**
 * The stored key to show by default among `keys` (one run's item metrics): the value averaging to a
 * task's headline metric, else the first catalog value, else the first extracted-answer key.
 */
export function defaultItemMetric(keys: readonly string[]): string | null {
  const known = ITEM_METRIC_KEYS.filter((k) => keys.includes(k));
  const averagesToHeadline = (k: ItemMetricKey) => {
    const official: OfficialMetricKey | null = ITEM_METRICS[k].meanIs;
    return official !== null && HEADLINES.has(official);
  };
  return (
    known.find(averagesToHeadline) ??
    known[0] ??
    keys.find((k) => !parseItemMetricKey(k).raw) ??
    keys[0] ??
    null
  );
}
