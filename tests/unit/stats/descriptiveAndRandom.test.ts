import { describe, expect, it } from "vitest";
import { mean, median, quantile } from "../../../server/metrics/stats/descriptive";
import { StatsInputError } from "../../../server/metrics/stats/errors";
import { mulberry32 } from "../../../server/metrics/stats/random";

describe("descriptive statistics", () => {
  it("interpolates quantiles linearly (type 7)", () => {
    // Position (5 - 1) * 0.9 = 3.6: 40 + 0.6 * (50 - 40) = 46.
    expect(quantile([50, 10, 30, 20, 40], 0.9)).toBeCloseTo(46, 12);
    // Even count: halfway between 2 and 3.
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([7], 0.3)).toBe(7);
    expect(mean([1, 2, 6])).toBe(3);
  });

  it("refuses empty input and levels outside [0, 1]", () => {
    expect(() => mean([])).toThrow(StatsInputError);
    expect(() => quantile([], 0.5)).toThrow(StatsInputError);
    expect(() => quantile([1], 1.5)).toThrow(StatsInputError);
  });
});

describe("mulberry32", () => {
  it("repeats its sequence for a seed and differs across seeds", () => {
    const first = Array.from({ length: 5 }, mulberry32(42));
    const again = Array.from({ length: 5 }, mulberry32(42));
    const other = Array.from({ length: 5 }, mulberry32(43));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("draws in [0, 1) with a plausible mean", () => {
    const random = mulberry32(7);
    const draws = Array.from({ length: 10000 }, () => random());
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    // The mean of 10,000 uniform draws has standard deviation sqrt(1/12/10000) ~ 0.0029; 0.02 is ~7 sd.
    expect(Math.abs(mean(draws) - 0.5)).toBeLessThan(0.02);
  });
});
