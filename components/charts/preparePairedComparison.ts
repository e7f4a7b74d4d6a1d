/** Rows for the paired comparison table (runs.compare): what changed against the baseline, and how sure. */

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

const LABELS: Record<string, { label: string; lowerIsBetter: boolean }> = {
  correct: { label: "Accuracy (per example)", lowerIsBetter: false },
  absoluteError: { label: "Absolute error", lowerIsBetter: true },
  rouge1: { label: "ROUGE-1", lowerIsBetter: false },
  rougeL: { label: "ROUGE-L", lowerIsBetter: false },
};

export function preparePairedComparison(paired: readonly PairedInput[]): PairedRow[] {
  return paired.map((p) => {
    const info = LABELS[p.metric] ?? { label: p.metric, lowerIsBetter: false };
    const { estimate, lower, upper } = p.difference;
    const excludesZero = lower > 0 || upper < 0;
    const improved = info.lowerIsBetter ? estimate < 0 : estimate > 0;
    return {
      runId: p.runId,
      metric: p.metric,
      label: info.label,
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
