import { describe, expect, it } from "vitest";
import { prepareLengthBuckets } from "@/components/charts/prepareLengthBuckets";
import { defaultItemMetric, itemMetricLabel, itemMetricLowerIsBetter } from "@/server/metrics/metricCatalog";

const buckets = [
  { label: "0–120", count: 3, meanReasoningTokens: 80, metrics: { correct: 2 / 3, "raw.correct": 1 / 3 }, metricSupport: { correct: 3, "raw.correct": 3 } },
  { label: "121–900", count: 2, meanReasoningTokens: 500, metrics: { correct: null, "raw.correct": 0 }, metricSupport: { correct: 0, "raw.correct": 2 } },
];

describe("prepareLengthBuckets", () => {
  it("reads the chosen metric of every bucket with its support and size", () => {
    const out = prepareLengthBuckets(buckets, "correct");
    expect(out.rows).toEqual([
      { label: "0–120", value: 2 / 3, count: 3, support: 3, meanReasoningTokens: 80 },
      { label: "121–900", value: null, count: 2, support: 0, meanReasoningTokens: 500 },
    ]);
    expect(out.hasReasoning).toBe(true);
    expect(out.hasValues).toBe(true);
  });

  it("says when no item has reasoning (a non-LLM pipeline) or no metric is chosen", () => {
    const flat = prepareLengthBuckets([{ label: "0", count: 7, meanReasoningTokens: 0, metrics: { rouge1: 0.6 }, metricSupport: { rouge1: 7 } }], "rouge1");
    expect(flat.hasReasoning).toBe(false);
    expect(flat.rows[0]!.value).toBe(0.6);
    const none = prepareLengthBuckets(buckets, null);
    expect(none.hasValues).toBe(false);
    expect(none.rows[0]!.support).toBe(0);
  });
});

describe("item metrics of the catalog, as the dashboard uses them", () => {
  it("defaults to the metric the official headline averages, never a raw one", () => {
    expect(defaultItemMetric(["raw.rouge1", "raw.rougeL", "rouge1", "rougeL"])).toBe("rouge1");
    expect(defaultItemMetric(["absoluteError", "squaredError"])).toBe("absoluteError");
    expect(defaultItemMetric(["raw.correct", "correct"])).toBe("correct");
    expect(defaultItemMetric(["raw.x", "y"])).toBe("y");
    expect(defaultItemMetric([])).toBeNull();
  });

  it("labels raw variants and knows error metrics are lower-is-better", () => {
    expect(itemMetricLabel("raw.rougeL")).toBe("ROUGE-L (raw answer)");
    expect(itemMetricLabel("correct")).toBe("Accuracy (per example)");
    expect(itemMetricLabel("bleu")).toBe("bleu");
    expect(itemMetricLowerIsBetter("raw.absoluteError")).toBe(true);
    expect(itemMetricLowerIsBetter("rouge1")).toBe(false);
  });
});
