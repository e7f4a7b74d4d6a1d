/** Metric by reasoning-length bucket (the divergence chart), from FailureModeAggregates.metricByReasoningLength. */

export type LengthBucketInput = {
  label: string;
  count: number;
  meanReasoningTokens: number | null;
  metrics: Record<string, number | null>;
  metricSupport: Record<string, number>;
};

export type LengthBucketRow = {
  label: string;
  /** Mean metric of the bucket; null when no item in it has the metric. */
  value: number | null;
  count: number;
  support: number;
  meanReasoningTokens: number | null;
};

const ITEM_METRIC_LABELS: Record<string, string> = {
  correct: "Accuracy",
  absoluteError: "Absolute error",
  squaredError: "Squared error",
  rouge1: "ROUGE-1",
  rougeL: "ROUGE-L",
};
const ITEM_METRIC_PREFERENCE = ["correct", "absoluteError", "rouge1", "rougeL", "squaredError"];
const LOWER_IS_BETTER = new Set(["absoluteError", "squaredError"]);

/** "raw.rouge1" is the same metric on the raw answer. */
export function itemMetricLabel(key: string): string {
  const raw = key.startsWith("raw.");
  const base = raw ? key.slice(4) : key;
  const label = ITEM_METRIC_LABELS[base] ?? base;
  return raw ? `${label} (raw answer)` : label;
}

export function itemMetricLowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.has(key.startsWith("raw.") ? key.slice(4) : key);
}

/** The per-item metric to chart by default: the one the official headline metric averages. */
export function defaultItemMetric(metricKeys: readonly string[]): string | null {
  for (const key of ITEM_METRIC_PREFERENCE) if (metricKeys.includes(key)) return key;
  return metricKeys.find((k) => !k.startsWith("raw.")) ?? metricKeys[0] ?? null;
}

export function prepareLengthBuckets(
  buckets: readonly LengthBucketInput[],
  metricKey: string | null,
): { rows: LengthBucketRow[]; hasReasoning: boolean; hasValues: boolean } {
  const rows = buckets.map((b) => ({
    label: b.label,
    value: metricKey === null ? null : (b.metrics[metricKey] ?? null),
    count: b.count,
    support: metricKey === null ? 0 : (b.metricSupport[metricKey] ?? 0),
    meanReasoningTokens: b.meanReasoningTokens,
  }));
  return {
    rows,
    // A pipeline without a model (or a model that shows no reasoning) puts every item at 0 tokens.
    hasReasoning: buckets.some((b) => b.count > 0 && (b.meanReasoningTokens ?? 0) > 0),
    hasValues: rows.some((r) => r.value !== null),
  };
}
