import { describe, expect, it } from "vitest";
import { numpyArgsort, numpyHeapArgsort, numpyTopN } from "../../../server/retrieval/numpyArgsort";

function isSortingPermutation(values: number[], order: Int32Array): boolean {
  const seen = new Set(order);
  if (seen.size !== values.length) return false;
  for (let i = 1; i < order.length; i++) if (values[order[i - 1]] > values[order[i]]) return false;
  return true;
}

describe("numpyArgsort (np.argsort, default kind)", () => {
  it("is a stable insertion sort up to 16 values, so [::-1] puts the higher index first among ties", () => {
    expect(Array.from(numpyArgsort([0, 0, 0]))).toEqual([0, 1, 2]);
    expect(numpyTopN([0, 0, 0], 3)).toEqual([2, 1, 0]);
    expect(numpyTopN(new Array(16).fill(1), 3)).toEqual([15, 14, 13]);
    // Distinct scores are simply ordered: [0.5, 2, 2, 1] -> argsort [0, 3, 1, 2] -> reversed 2, 1, 3, 0.
    expect(numpyTopN([0.5, 2, 2, 1], 4)).toEqual([2, 1, 3, 0]);
  });

  it("reorders ties from 17 values on, exactly as numpy's introsort partition does", () => {
    // 18 equal values, t = [0..17], pl = 0, pr = 17; 17 > SMALL_QUICKSORT (15) so partition:
    //   pm = 0 + (17 >> 1) = 8; the three median-of-3 comparisons are all false (equal values);
    //   swap t[pm=8] with t[pr-1=16]           -> t[8] = 16, t[16] = 8
    //   pi = 0, pj = 16; each scan stops at once (nothing is strictly less), so the loop swaps
    //   t[1]<->t[15], t[2]<->t[14], ..., t[7]<->t[9] and stops when pi = pj = 8
    //   swap t[pi=8] with t[pr-1=16]           -> t[8] = 8, t[16] = 16
    //   t = [0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 16, 17]
    //   both halves ([0..7] and [9..17]) are <= 16 long: insertion sort leaves ties in place.
    // argsort = that t; [::-1][:4] = 17, 16, 1, 2.
    const order = Array.from(numpyArgsort(new Array(18).fill(0)));
    expect(order).toEqual([0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 16, 17]);
    expect(numpyTopN(new Array(18).fill(0), 4)).toEqual([17, 16, 1, 2]);
  });

  it("sorts NaN after every number, as numpy does", () => {
    expect(Array.from(numpyArgsort([Number.NaN, 1, 0]))).toEqual([2, 1, 0]);
  });

  it("always returns a sorting permutation (random tie-heavy arrays, 1-300 values)", () => {
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 300);
      const values = Array.from({ length: n }, () => Math.floor(next() * 4));
      expect(isSortingPermutation(values, numpyArgsort(values))).toBe(true);
    }
  });

  it("has the heapsort fallback of numpy's aheapsort_, tie order included", () => {
    // 4 equal values, a[1..4] = [0,1,2,3] (1-based). Heapify (l = 2, then 1): no child is strictly
    // greater, nothing moves. Extraction:
    //   n=4: tmp = a[4] = 3, a[4] = a[1] = 0, sift tmp from the root (no move)  -> [3,1,2,0]
    //   n=3: tmp = a[3] = 2, a[3] = a[1] = 3                                       -> [2,1,3,0]
    //   n=2: tmp = a[2] = 1, a[2] = a[1] = 2                                       -> [1,2,3,0]
    expect(Array.from(numpyHeapArgsort([5, 5, 5, 5]))).toEqual([1, 2, 3, 0]);
    let seed = 99;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 100; trial++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 200) }, () => Math.floor(next() * 5));
      expect(isSortingPermutation(values, numpyHeapArgsort(values))).toBe(true);
    }
  });

  it("numpyTopN returns at most n and at most all indices", () => {
    expect(numpyTopN([3, 1, 2], 10)).toEqual([0, 2, 1]);
    expect(numpyTopN([3, 1, 2], 0)).toEqual([]);
    expect(numpyTopN([], 4)).toEqual([]);
  });
});
