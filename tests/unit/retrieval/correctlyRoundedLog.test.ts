import { describe, expect, it } from "vitest";
import { correctlyRoundedLog } from "../../../server/retrieval/correctlyRoundedLog";

// Expected values: the 60-digit natural logarithm (Python decimal, Decimal(x).ln()) rounded once to
// the nearest double. E.g. ln(23.5) = 3.157000421150113277403718548..., whose nearest double is
// 3.1570004211501135; V8's Math.log(23.5) returns the neighbouring double 3.157000421150113.
describe("correctlyRoundedLog", () => {
  it("rounds ln(x) to the nearest double where Math.log can be one unit off", () => {
    expect(correctlyRoundedLog(23.5)).toBe(3.1570004211501135);
    expect(correctlyRoundedLog(41.5)).toBe(3.7256934272366524);
    expect(correctlyRoundedLog(46.5)).toBe(3.8394523125933104);
    expect(correctlyRoundedLog(2.5)).toBe(0.9162907318741551);
    expect(correctlyRoundedLog(1e-300)).toBe(-690.7755278982137);
    // ln(0.9336658057214388) = -0.068636714502553271212944567...; nearest double below.
    expect(correctlyRoundedLog(0.9336658057214388)).toBe(-0.06863671450255326);
  });

  it("is exact where the answer is exact and never more than one unit from Math.log", () => {
    expect(correctlyRoundedLog(1)).toBe(0);
    expect(correctlyRoundedLog(0)).toBe(-Infinity);
    expect(correctlyRoundedLog(-1)).toBeNaN();
    for (let m = 0; m < 3000; m++) {
      const x = m + 0.5;
      const mine = correctlyRoundedLog(x);
      const v8 = Math.log(x);
      expect(Math.abs(mine - v8)).toBeLessThanOrEqual(Math.abs(v8) * 2 ** -52);
    }
  });
});
