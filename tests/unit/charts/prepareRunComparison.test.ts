import { describe, expect, it } from "vitest";
import { prepareRunComparison } from "@/components/charts/prepareRunComparison";

describe("prepareRunComparison", () => {
  it("lines up official metrics then failure-mode values, with last - first", () => {
    const rows = prepareRunComparison(
      [
        { id: "a", official: { MAE: 0.5, RMSE: 0.7 }, failureValues: { invalidRawRate: 0.2, recoveryRate: null } },
        { id: "b", official: { MAE: 0.25, RMSE: 0.5 }, failureValues: { invalidRawRate: 0.1, recoveryRate: 1 } },
      ],
      { invalidRawRate: { title: "Invalid raw answers", direction: "higher_is_worse" } },
    );
    expect(rows).toEqual([
      { group: "official", key: "MAE", label: "MAE", values: [0.5, 0.25], delta: -0.25, lowerIsBetter: true },
      { group: "official", key: "RMSE", label: "RMSE", values: [0.7, 0.5], delta: -0.19999999999999996, lowerIsBetter: true },
      { group: "failure", key: "invalidRawRate", label: "Invalid raw answers", values: [0.2, 0.1], delta: -0.1, lowerIsBetter: true },
      { group: "failure", key: "recoveryRate", label: "recoveryRate", values: [null, 1], delta: null, lowerIsBetter: false },
    ]);
  });

  it("has no delta for a single run and null for a metric a run lacks", () => {
    const rows = prepareRunComparison([{ id: "a", official: { accuracy: 1 }, failureValues: null }]);
    expect(rows).toEqual([{ group: "official", key: "accuracy", label: "Accuracy", values: [1], delta: null, lowerIsBetter: false }]);
  });
});
