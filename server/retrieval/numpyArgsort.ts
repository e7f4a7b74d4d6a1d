// rank_bm25's get_top_n is `np.argsort(scores)[::-1][:n]`, so which of several EQUAL scores comes
// first is decided by numpy's default argsort ("quicksort", really an introsort). This file ports the
// reference C implementation (numpy/_core/src/npysort: aquicksort_ with SMALL_QUICKSORT = 15 and
// its aheapsort_ fallback) so tie order matches numpy, not just the sorted values.
//
// What that means for ties:
// - up to 16 values numpy runs a plain insertion sort, which is stable: equal scores keep index order,
//   and after the [::-1] reverse the HIGHER index comes first (e.g. [0,0,0] -> 2, 1, 0);
// - from 17 values on, the median-of-3 partition moves equal values around: with 18 equal scores the
//   top 4 are 17, 16, 1, 2 (worked through step by step in tests/unit/retrieval/numpyArgsort.test.ts).
//
// Which numpy this matches: LaMP pins numpy 1.24.2, whose argsort always took this path. numpy >= 1.25
// on AVX-512 CPUs and numpy 2.x on AVX2 CPUs dispatch to a SIMD sort (x86-simd-sort) with yet another
// tie order; with those SIMD paths disabled (NPY_DISABLE_CPU_FEATURES) numpy 2.4 agreed with this port
// on 3,000 random tie-heavy arrays of 1-200 values.

const SMALL_QUICKSORT = 15;

/** numpy's float comparison: NaN sorts after every number. */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

/** npy_get_msb: index of the highest set bit (floor(log2(n)) for n >= 1). */
function msb(n: number): number {
  let depth = 0;
  while (n > 1) {
    n = Math.floor(n / 2);
    depth++;
  }
  return depth;
}

/** aheapsort_ on tosort[lo .. lo+n-1], the introsort fallback when partitions go too deep. */
function heapsortRange(v: ArrayLike<number>, tosort: Int32Array, lo: number, n: number): void {
  // The C code indexes a = tosort - 1 so that a[1] is the first element.
  const base = lo - 1;
  let i: number;
  let j: number;
  let tmp: number;
  for (let l = n >> 1; l > 0; --l) {
    tmp = tosort[base + l];
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && less(v[tosort[base + j]], v[tosort[base + j + 1]])) j += 1;
      if (less(v[tmp], v[tosort[base + j]])) {
        tosort[base + i] = tosort[base + j];
        i = j;
        j += j;
      } else break;
    }
    tosort[base + i] = tmp;
  }
  for (; n > 1; ) {
    tmp = tosort[base + n];
    tosort[base + n] = tosort[base + 1];
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && less(v[tosort[base + j]], v[tosort[base + j + 1]])) j++;
      if (less(v[tmp], v[tosort[base + j]])) {
        tosort[base + i] = tosort[base + j];
        i = j;
        j += j;
      } else break;
    }
    tosort[base + i] = tmp;
  }
}

/** numpy's aheapsort_ over the whole array: the introsort's fallback, exposed so it can be checked on its own. */
export function numpyHeapArgsort(values: ArrayLike<number>): Int32Array {
  const t = new Int32Array(values.length);
  for (let i = 0; i < t.length; i++) t[i] = i;
  if (t.length > 1) heapsortRange(values, t, 0, t.length);
  return t;
}

/** `np.argsort(values)` (default kind) for a 1-D float64 array. */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const num = values.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num < 2) return t;
  const v = values;
  const stack: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = msb(num) * 2;
  let swap: number;
  for (;;) {
    if (cdepth < 0) {
      heapsortRange(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[t[pm]], v[t[pl]])) ((swap = t[pm]), (t[pm] = t[pl]), (t[pl] = swap));
        if (less(v[t[pr]], v[t[pm]])) ((swap = t[pr]), (t[pr] = t[pm]), (t[pm] = swap));
        if (less(v[t[pm]], v[t[pl]])) ((swap = t[pm]), (t[pm] = t[pl]), (t[pl] = swap));
        const vp = v[t[pm]];
        let pi = pl;
        let pj = pr - 1;
        ((swap = t[pm]), (t[pm] = t[pj]), (t[pj] = swap));
        for (;;) {
          do ++pi;
          while (less(v[t[pi]], vp));
          do --pj;
          while (less(vp, v[t[pj]]));
          if (pi >= pj) break;
          ((swap = t[pi]), (t[pi] = t[pj]), (t[pj] = swap));
        }
        const pk = pr - 1;
        ((swap = t[pi]), (t[pi] = t[pk]), (t[pk] = swap));
        // Push the larger partition, keep working on the smaller one.
        cdepth -= 1;
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr, cdepth);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1, cdepth);
          pl = pi + 1;
        }
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi];
        const vp = v[vi];
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && less(vp, v[t[pk]])) t[pj--] = t[pk--];
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    cdepth = stack.pop()!;
    pr = stack.pop()!;
    pl = stack.pop()!;
  }
  return t;
}

/** `np.argsort(values)[::-1][:n]`: the indices of the n highest values, numpy's tie order. */
export function numpyTopN(values: ArrayLike<number>, n: number): number[] {
  const order = numpyArgsort(values);
  const take = Math.max(0, Math.min(n, order.length));
  const out: number[] = new Array(take);
  for (let i = 0; i < take; i++) out[i] = order[order.length - 1 - i];
  return out;
}
