import { describe, expect, it } from "vitest";
import { prepareContrastBars, prepareExperimentChart } from "../../../server/experiments/experimentChart";

const ci = (estimate: number, lower: number, upper: number) => ({ estimate, lower, upper });
const factors = [
  { kind: "endpoint", values: ["a", "b"] },
  { kind: "param", node: "retrieve", param: "k", values: [0, 4] },
];
const pooled = [
  { datasetId: "d", values: { model: "a", "retrieve.k": 0 }, label: "a0", metric: ci(0.2, 0.1, 0.3), aggregates: { medianReasoningTokens: 100 } },
  { datasetId: "d", values: { model: "a", "retrieve.k": 4 }, label: "a4", metric: ci(0.5, 0.4, 0.6), aggregates: { medianReasoningTokens: 140 } },
  { datasetId: "d", values: { model: "b", "retrieve.k": 0 }, label: "b0", metric: ci(0.3, 0.2, 0.4), aggregates: { medianReasoningTokens: 0 } },
  { datasetId: "d", values: { model: "b", "retrieve.k": 4 }, label: "b4", metric: null, aggregates: { medianReasoningTokens: null } },
];

describe("experiment charts", () => {
  it("one line per model over k, the interval as a band; a missing cell is a gap", () => {
    expect(prepareExperimentChart(factors, pooled)).toEqual({
      kind: "lines",
      xFactor: "retrieve.k",
      series: [
        { key: "s0", name: "model=a" },
        { key: "s1", name: "model=b" },
      ],
      rows: [
        { x: 0, s0: 0.2, s0Band: [0.1, 0.3], s1: 0.3, s1Band: [0.2, 0.4] },
        { x: 4, s0: 0.5, s0Band: [0.4, 0.6], s1: null, s1Band: null },
      ],
    });
  });

  it("an aggregate per run: the same lines, without bands", () => {
    const chart = prepareExperimentChart(factors, pooled, "medianReasoningTokens");
    expect(chart.kind === "lines" && chart.rows).toEqual([
      { x: 0, s0: 100, s0Band: null, s1: 0, s1Band: null },
      { x: 4, s0: 140, s0Band: null, s1: null, s1Band: null },
    ]);
  });

  it("without a numeric factor, bars with the interval as whiskers; contrasts of a categorical factor as signed bars", () => {
    const ablation = [{ kind: "ablation", values: ["full", "vanilla"] }];
    const cells = [
      { datasetId: "d", values: { ablation: "full" }, label: "full", metric: ci(0.6, 0.5, 0.8) },
      { datasetId: "d", values: { ablation: "vanilla" }, label: "vanilla", metric: ci(0.4, 0.3, 0.45) },
    ];
    expect(prepareExperimentChart(ablation, cells)).toEqual({
      kind: "bars",
      rows: [
        { label: "full", estimate: 0.6, error: [0.6 - 0.5, 0.8 - 0.6] },
        { label: "vanilla", estimate: 0.4, error: [0.4 - 0.3, 0.45 - 0.4] },
      ],
    });
    const contrasts = [{ factor: "ablation", datasetId: "d", fixed: "", value: "vanilla", reference: "full", difference: ci(-0.2, -0.35, -0.05) }];
    expect(prepareContrastBars(ablation, contrasts)).toEqual({
      factor: "ablation",
      reference: "full",
      rows: [{ label: "vanilla", estimate: -0.2, error: [-0.2 - -0.35, -0.05 - -0.2] }],
    });
    expect(prepareContrastBars(factors.slice(1), contrasts)).toBeNull();
  });
});
