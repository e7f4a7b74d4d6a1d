import { describe, expect, it } from "vitest";
import { numpyMean, numpySum } from "../../../server/metrics/lamp/numpySum";
import { pythonFloatRepr, pythonJsonDumpsFloats } from "../../../server/metrics/lamp/pythonJson";

describe("pythonFloatRepr (Python repr of a float)", () => {
  it("writes what Python writes", () => {
    expect(pythonFloatRepr(1)).toBe("1.0");
    expect(pythonFloatRepr(0.2)).toBe("0.2");
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(0.0001)).toBe("0.0001");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(123456789012345.6)).toBe("123456789012345.6");
    expect(pythonFloatRepr(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(pythonFloatRepr(-2.5)).toBe("-2.5");
    expect(pythonFloatRepr(Number.NaN)).toBe("NaN");
    expect(pythonFloatRepr(100)).toBe("100.0");
  });

  it("json.dumps a results object with Python's separators", () => {
    expect(pythonJsonDumpsFloats({ accuracy: 1, f1: 0.2 })).toBe('{"accuracy": 1.0, "f1": 0.2}');
  });
});

describe("numpySum (pairwise summation)", () => {
  it("adds in numpy's order: 8 running sums, then the tail", () => {
    // Values 1e16 then eight 1s; doubles near 1e16 are 2 apart, halfway cases round to the even one.
    // Left to right every 1 is lost (1e16 + 1 rounds back to 1e16): 1e16.
    // numpy: r[0..7] = the first 8 values (1e16 and seven 1s), then the one-value tail:
    //   ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) = (1e16 + 2) + 4 = 1e16 + 6;  + 1 -> 1e16 + 7, halfway -> 1e16 + 8
    // (np.sum gives 1e16 + 8 for this array.)
    const values = [1e16, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(values.reduce((a, b) => a + b, 0)).toBe(1e16);
    expect(numpySum(values)).toBe(1e16 + 8);
  });

  it("mean of an empty array is NaN, as numpy's", () => {
    expect(numpyMean([])).toBeNaN();
    expect(numpyMean([1, 2, 3, 4])).toBe(2.5);
  });
});
