import { describe, expect, it } from "vitest";
import { mainOfficialMetric, prepareOfficialComparison } from "@/components/charts/prepareOfficialMetrics";
import { officialMetricLabel } from "@/server/metrics/metricCatalog";

describe("mainOfficialMetric", () => {
  it("picks accuracy for LaMP-1/2, MAE for LaMP-3, ROUGE-1 for generation tasks", () => {
    expect(mainOfficialMetric("LaMP-1", { accuracy: 0.5, f1: 0.4 })).toEqual({ key: "accuracy", label: "Accuracy", value: 0.5, lowerIsBetter: false });
    expect(mainOfficialMetric("LaMP-2N", { f1: 0.4, accuracy: 0.6 })?.key).toBe("accuracy");
    expect(mainOfficialMetric("LaMP-3", { RMSE: 0.4, MAE: 0.2 })).toEqual({ key: "MAE", label: "MAE", value: 0.2, lowerIsBetter: true });
    expect(mainOfficialMetric("LaMP-5", { "rouge-L": 0.3, "rouge-1": 0.35 })?.key).toBe("rouge-1");
  });

  it("falls back to the first known metric, and is null without metrics", () => {
    expect(mainOfficialMetric("LaMP-9", { "rouge-L": 0.3, f1: 0.1 })?.key).toBe("f1");
    expect(mainOfficialMetric("LaMP-1", null)).toBeNull();
    expect(mainOfficialMetric("LaMP-1", {})).toBeNull();
  });
});

describe("prepareOfficialComparison", () => {
  it("puts extracted and raw side by side, in the official order, with extracted - raw", () => {
    const rows = prepareOfficialComparison({ RMSE: 0.5, MAE: 0.25 }, { MAE: 1, RMSE: 1.5 });
    expect(rows).toEqual([
      { key: "MAE", label: "MAE", extracted: 0.25, raw: 1, delta: -0.75, lowerIsBetter: true },
      { key: "RMSE", label: "RMSE", extracted: 0.5, raw: 1.5, delta: -1, lowerIsBetter: true },
    ]);
  });

  it("keeps a metric present on one side only, with no delta", () => {
    expect(prepareOfficialComparison({ accuracy: 1 }, null)).toEqual([
      { key: "accuracy", label: "Accuracy", extracted: 1, raw: null, delta: null, lowerIsBetter: false },
    ]);
    expect(prepareOfficialComparison(null, null)).toEqual([]);
  });

  it("labels unknown keys as themselves", () => {
    expect(officialMetricLabel("bleu")).toBe("bleu");
  });
});
