/** Rows for the paired comparison table (runs.compare): what changed against the baseline, and how sure. */
import { itemMetricLabel, itemMetricLowerIsBetter } from "@/server/metrics/metricCatalog";

export type PairedInput = {
  runId: string;
  metric: string;
  difference: { estimate: number; lower: number; upper: number };
  meanBaseline: number;
  meanRun: number;
  pValue: number;
  shared: number;
};

export type PairedRow = {
  runId: string;
  metric: string;
  label: string;
  meanBaseline: number;
  meanRun: number;
  estimate: number;
  lower: number;
  upper: number;
  pValue: number;
  shared: number;
  /** "better" / "worse" when the interval excludes 0, else "unclear". */
  verdict: "better" | "worse" | "unclear";
};

export function preparePairedComparison(paired: readonly PairedInput[]): PairedRow[] {
  return paired.map((p) => {
    const { estimate, lower, upper } = p.difference;
    const excludesZero = lower > 0 || upper < 0;
    const improved = itemMetricLowerIsBetter(p.metric) ? estimate < 0 : estimate > 0;
    return {
      runId: p.runId,
      metric: p.metric,
      label: itemMetricLabel(p.metric),
      meanBaseline: p.meanBaseline,
      meanRun: p.meanRun,
      estimate,
      lower,
      upper,
      pValue: p.pValue,
      shared: p.shared,
      verdict: excludesZero ? (improved ? "better" : "worse") : "unclear",
    };
  });
}
