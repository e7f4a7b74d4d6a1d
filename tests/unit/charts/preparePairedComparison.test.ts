import { describe, expect, it } from "vitest";
import { preparePairedComparison } from "../../../components/charts/preparePairedComparison";

const row = (metric: string, estimate: number, lower: number, upper: number) => ({
  runId: "r2",
  metric,
  difference: { estimate, lower, upper },
  meanBaseline: 0.5,
  meanRun: 0.5 + estimate,
  pValue: 0.01,
  shared: 10,
});

describe("preparePairedComparison", () => {
  it("calls a change better or worse only when the interval excludes zero, respecting the metric's direction", () => {
    const rows = preparePairedComparison([
      row("correct", 0.2, 0.05, 0.35),
      row("correct", -0.2, -0.3, -0.1),
      row("rouge1", 0.02, -0.01, 0.05),
      row("absoluteError", -0.4, -0.6, -0.2),
      row("absoluteError", 0.4, 0.2, 0.6),
    ]);
    expect(rows.map((r) => [r.label, r.verdict])).toEqual([
      ["Accuracy (per example)", "better"],
      ["Accuracy (per example)", "worse"],
      ["ROUGE-1", "unclear"],
      ["Absolute error", "better"],
      ["Absolute error", "worse"],
    ]);
  });
});
