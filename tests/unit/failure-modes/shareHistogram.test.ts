import { describe, expect, it } from "vitest";
import { shareHistogram as prepareShareHistogram } from "../../../server/metrics/failureModes/runAggregates";

describe("shareHistogram (run aggregates)", () => {
  it("counts shares into [from, to) bins, the last bin taking exactly 1", () => {
    const out = prepareShareHistogram([0, 0.05, 0.1, 0.5, 0.99, 1, 1], 10);
    expect(out.rows.map((r) => r.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(out.rows[0]).toEqual({ label: "0–10%", from: 0, to: 0.1, count: 2 });
    expect(out.rows[9]!.label).toBe("90–100%");
    expect(out.counted).toBe(7);
  });

  it("counts missing values apart and clamps out-of-range ones", () => {
    const out = prepareShareHistogram([null, undefined, Number.NaN, -0.2, 1.4], 4);
    expect(out.missing).toBe(3);
    expect(out.rows.map((r) => r.count)).toEqual([1, 0, 0, 1]);
  });

  it("puts 0.3 in the 30% bin despite floating point (0.3 * 10 = 2.9999…)", () => {
    expect(prepareShareHistogram([0.3, 0.7], 10).rows.map((r) => r.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
  });
});
