import { describe, expect, it } from "vitest";
import { StatsInputError } from "../../../server/metrics/stats/errors";
import {
  pairByExampleId,
  pairedBootstrapDifference,
  profileSensitivity,
  retrievalGain,
  signFlipTest,
  type ExampleValue,
} from "../../../server/metrics/stats/pairedComparison";

const values = (entries: Record<string, number>): ExampleValue[] => Object.entries(entries).map(([exampleId, value]) => ({ exampleId, value }));

describe("pairByExampleId", () => {
  it("matches by id regardless of order and reports the unmatched", () => {
    const paired = pairByExampleId(values({ x: 10, y: 4, z: 6 }), values({ w: 0, z: 5, y: 1 }));
    expect(paired).toEqual({ exampleIds: ["y", "z"], a: [4, 6], b: [1, 5], onlyInA: ["x"], onlyInB: ["w"] });
  });

  it("refuses runs without a shared example and duplicate ids", () => {
    expect(() => pairByExampleId(values({ a: 1 }), values({ b: 1 }))).toThrow(StatsInputError);
    expect(() => pairByExampleId([{ exampleId: "a", value: 1 }, { exampleId: "a", value: 2 }], values({ a: 1 }))).toThrow(StatsInputError);
  });
});

describe("pairedBootstrapDifference", () => {
  it("has zero width when every difference is the same", () => {
    // Differences 3-1, 5-3, 7-5 are all 2: every resample mean is 2.
    const result = pairedBootstrapDifference(values({ a: 3, b: 5, c: 7 }), values({ a: 1, b: 3, c: 5 }));
    expect(result.difference).toMatchObject({ estimate: 2, lower: 2, upper: 2, n: 3 });
    expect(result.meanA).toBe(5);
    expect(result.meanB).toBe(3);
    // Exact sign-flip: of 8 sign patterns only all-plus and all-minus reach |sum| = 6: 2 / 8.
    expect(result.pValue).toBe(0.25);
    expect(result.pValueMethod).toBe("exact");
  });

  it("uses only the shared examples", () => {
    // Shared y (4 - 1 = 3) and z (6 - 5 = 1): mean difference 2; x and w are left out.
    const result = pairedBootstrapDifference(values({ x: 10, y: 4, z: 6 }), values({ w: 0, z: 5, y: 1 }));
    expect(result.difference.estimate).toBe(2);
    expect(result.difference.lower).toBeGreaterThanOrEqual(1);
    expect(result.difference.upper).toBeLessThanOrEqual(3);
    expect(result.onlyInA).toBe(1);
    expect(result.onlyInB).toBe(1);
  });

  it("is reproducible from its seed", () => {
    const a = values({ a: 0.1, b: 0.5, c: 0.9, d: 0.4, e: 0.3 });
    const b = values({ a: 0.2, b: 0.1, c: 0.6, d: 0.4, e: 0.0 });
    expect(pairedBootstrapDifference(a, b, { seed: 5 })).toEqual(pairedBootstrapDifference(a, b, { seed: 5 }));
  });
});

describe("signFlipTest", () => {
  it("computes exact p-values for small samples", () => {
    // Observed sum 0: every pattern reaches |sum| >= 0.
    expect(signFlipTest([1, -1]).pValue).toBe(1);
    // [1, 2, 3, 4], sum 10: only all-plus and all-minus reach 10: 2 / 16.
    expect(signFlipTest([1, 2, 3, 4]).pValue).toBe(0.125);
    // [2, 1, 1, 1], sum 5: with +2 the sums are 5, 3, 1, -1; with -2 they are 1, -1, -3, -5.
    // Only 5 and -5 reach |sum| >= 5: 2 of 16.
    expect(signFlipTest([2, 1, 1, 1]).pValue).toBe(0.125);
  });

  it("samples sign patterns for larger samples and never reports zero", () => {
    // 30 equal differences: a random pattern reaches |sum| = 30 with probability 2 / 2^30, so with
    // 2000 draws there are no hits and p = (1 + 0) / (1 + 2000).
    const result = signFlipTest(Array.from({ length: 30 }, () => 1), { permutations: 2000, seed: 9 });
    expect(result).toEqual({ pValue: 1 / 2001, method: "monte_carlo" });
  });
});

describe("retrievalGain", () => {
  it("is the paired mean of metric with retrieval minus metric without", () => {
    // Differences a: 1-0, b: 1-1, c: 0-0, d: 1-0 = [1, 0, 0, 1]: mean 0.5.
    const gain = retrievalGain(values({ a: 1, b: 1, c: 0, d: 1 }), values({ d: 0, c: 0, b: 1, a: 0 }));
    expect(gain.difference.estimate).toBe(0.5);
    expect(gain.difference.lower).toBeGreaterThanOrEqual(0);
    expect(gain.difference.upper).toBeLessThanOrEqual(1);
    // Sign flips of the zeros change nothing; the two ones give sums 2, 0, 0, -2, each 4 times:
    // |sum| >= 2 in 8 of 16 patterns.
    expect(gain.pValue).toBe(0.5);
  });
});

describe("profileSensitivity", () => {
  const own = [
    { exampleId: "a", answer: "comedy" },
    { exampleId: "b", answer: "action" },
    { exampleId: "c", answer: " Drama " },
    { exampleId: "d", answer: "x" },
  ];
  const swapped = [
    { exampleId: "a", answer: "comedy" },
    { exampleId: "b", answer: "comedy" },
    { exampleId: "c", answer: "drama" },
    { exampleId: "e", answer: "y" },
  ];

  it("is the share of shared examples whose answer changed", () => {
    // Shared a, b, c. a unchanged; b changed; c "Drama" vs "drama" differs in case: 2 of 3.
    const result = profileSensitivity(own, swapped);
    expect(result.changed).toBe(2);
    expect(result.n).toBe(3);
    expect(result.share.estimate).toBeCloseTo(2 / 3, 12);
    expect(result.onlyInOwn).toBe(1);
    expect(result.onlyInSwapped).toBe(1);
  });

  it("can ignore letter case", () => {
    // Only b changes: 1 of 3.
    expect(profileSensitivity(own, swapped, { ignoreCase: true }).changed).toBe(1);
  });

  it("refuses runs without a shared example", () => {
    expect(() => profileSensitivity([{ exampleId: "a", answer: "x" }], [{ exampleId: "b", answer: "x" }])).toThrow(StatsInputError);
  });
});
