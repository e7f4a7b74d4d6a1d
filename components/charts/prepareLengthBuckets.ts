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
