import { describe, expect, it } from "vitest";
import { bootstrapMeanCI } from "../../../server/metrics/stats/bootstrap";
import { StatsInputError } from "../../../server/metrics/stats/errors";

const scores = [0.2, 0.9, 0.4, 0.7, 0.1, 0.8, 0.5, 0.6, 0.3, 1.0];

describe("bootstrapMeanCI", () => {
  it("is deterministic for a seed", () => {
    expect(bootstrapMeanCI(scores, { seed: 11, resamples: 500 })).toEqual(bootstrapMeanCI(scores, { seed: 11, resamples: 500 }));
    const other = bootstrapMeanCI(scores, { seed: 12, resamples: 500 });
    const first = bootstrapMeanCI(scores, { seed: 11, resamples: 500 });
    expect([other.lower, other.upper]).not.toEqual([first.lower, first.upper]);
  });

  it("reports the sample mean and an interval around it", () => {
    const ci = bootstrapMeanCI(scores);
    // Sum 5.5 over 10 values.
    expect(ci.estimate).toBeCloseTo(0.55, 12);
    expect(ci.lower).toBeLessThan(0.55);
    expect(ci.upper).toBeGreaterThan(0.55);
    // Resample means lie within the range of the data.
    expect(ci.lower).toBeGreaterThanOrEqual(0.1);
    expect(ci.upper).toBeLessThanOrEqual(1.0);
    expect(ci).toMatchObject({ n: 10, resamples: 2000, alpha: 0.05 });
  });

  it("nests a lower confidence level inside a higher one for the same seed", () => {
    // Same seed, same resample means: the 25-75% quantiles lie within the 2.5-97.5% quantiles.
    const wide = bootstrapMeanCI(scores, { alpha: 0.05, seed: 3 });
    const narrow = bootstrapMeanCI(scores, { alpha: 0.5, seed: 3 });
    expect(narrow.lower).toBeGreaterThanOrEqual(wide.lower);
    expect(narrow.upper).toBeLessThanOrEqual(wide.upper);
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it("has zero width when every value is the same", () => {
    expect(bootstrapMeanCI([2, 2, 2, 2])).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
    expect(bootstrapMeanCI([5])).toMatchObject({ estimate: 5, lower: 5, upper: 5, n: 1 });
  });

  it("spans the whole range for two values 0 and 1", () => {
    // Resample means are 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4. About 500 of the 2000
    // means are 0 and about 500 are 1, far more than the 50 needed at each 2.5% tail.
    expect(bootstrapMeanCI([0, 1])).toMatchObject({ lower: 0, upper: 1 });
  });

  it("refuses empty or non-finite values and bad options", () => {
    expect(() => bootstrapMeanCI([])).toThrow(StatsInputError);
    expect(() => bootstrapMeanCI([1, Number.NaN])).toThrow(StatsInputError);
    expect(() => bootstrapMeanCI([1], { alpha: 1 })).toThrow(StatsInputError);
    expect(() => bootstrapMeanCI([1], { resamples: 0 })).toThrow(StatsInputError);
  });
});
