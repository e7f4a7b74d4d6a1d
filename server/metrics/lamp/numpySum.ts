// numpy sums float64 arrays with pairwise summation (8 running partial sums per block of up to 128
// values, halves above that), not left to right. sklearn's averages (macro-F1, MAE, MSE) are numpy
// means, so summing the same way keeps our numbers identical to the official ones to the last bit
// (checked against numpy 2.4 np.sum on 3,000 random arrays of 1-600 values).

const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

export function numpySum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

/** `np.mean(values)`; NaN for an empty array, as numpy gives. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}
