import { describe, expect, it } from "vitest";
import { maeRmse, predictedRating, ratingScores, worstCaseRating } from "../../../server/metrics/lamp/ratingMetrics";

describe("LaMP-3 MAE / RMSE with the official worst-case fallback", () => {
  it("falls back to the farther extreme, 5.0 on the tie at gold 3", () => {
    // |1 - y| > |5 - y| ? 1.0 : 5.0
    expect(worstCaseRating(1)).toBe(5); // 0 > 4 is false
    expect(worstCaseRating(2)).toBe(5); // 1 > 3 false
    expect(worstCaseRating(3)).toBe(5); // 2 > 2 false (tie)
    expect(worstCaseRating(4)).toBe(1); // 3 > 1 true
    expect(worstCaseRating(5)).toBe(1);
  });

  it("computes MAE and RMSE by hand", () => {
    // golds 5, 1, 3, 4; preds "4", "3 stars", "", " 2.5 "
    //   "4"       -> 4            |err| 1
    //   "3 stars" -> unparsable, gold 1 -> 5.0   |err| 4
    //   ""        -> unparsable, gold 3 -> 5.0   |err| 2
    //   " 2.5 "   -> 2.5          |err| 1.5
    // MAE  = (1 + 4 + 2 + 1.5) / 4 = 2.125
    // RMSE = sqrt((1 + 16 + 4 + 2.25) / 4) = sqrt(5.8125) = 2.41091269...
    const r = ratingScores(["5", "1", "3", "4"], ["4", "3 stars", "", " 2.5 "]);
    expect(r.MAE).toBe(2.125);
    expect(r.RMSE).toBeCloseTo(Math.sqrt(5.8125), 15);
    expect(r.RMSE).toBeCloseTo(2.41091269, 8);
  });

  it("parses what Python float() parses after str.strip()", () => {
    expect(predictedRating("+3", 1)).toEqual({ value: 3, parsed: true });
    expect(predictedRating("1e0", 5)).toEqual({ value: 1, parsed: true });
    expect(predictedRating("\x1c4\x1c", 1)).toEqual({ value: 4, parsed: true }); // str.strip() removes \x1c first
    expect(predictedRating("four", 5)).toEqual({ value: 1, parsed: false });
  });

  it("treats NaN/infinity like the official script (a crash) unless asked for the worst case", () => {
    expect(() => ratingScores(["3"], ["nan"])).toThrow(/official script would crash/);
    expect(() => ratingScores(["3"], ["inf"])).toThrow(/#0/);
    expect(ratingScores(["4"], ["nan"], "worst-case")).toEqual({ MAE: 3, RMSE: 3 });
  });

  it("rejects a gold that is not a number, naming it", () => {
    expect(() => ratingScores(["five"], ["5"])).toThrow(/gold #0 is not a number: "five"/);
  });

  it("maeRmse on numbers", () => {
    expect(maeRmse([1, 2], [2, 4])).toEqual({ MAE: 1.5, RMSE: Math.sqrt(2.5) });
  });
});
