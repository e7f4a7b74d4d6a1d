// rank_bm25 computes IDFs with Python's math.log, i.e. the C library's log, which on glibc is (all but
// always) correctly rounded. V8's Math.log is not: for about 5% of half-integers such as 23.5 it is one
// unit in the last place off, and the IDFs, hence the scores, would differ in the last bit. This log
// evaluates in double-double (~106 bits) and rounds once, giving the correctly rounded result.

type DD = [number, number];

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  return [p, ahi * bhi - p + ahi * blo + alo * bhi + alo * blo];
}

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDiv(a: DD, b: DD): DD {
  // Long division: two correction steps give full double-double accuracy.
  const q1 = a[0] / b[0];
  let r = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r[0] / b[0];
  r = ddAdd(r, ddMul(b, [-q2, 0]));
  const q3 = r[0] / b[0];
  const [s, e] = quickTwoSum(q1, q2);
  return ddAdd([s, e], [q3, 0]);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** Natural logarithm, correctly rounded to the nearest double. */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)) so the series below converges fast.
  let e = Math.floor(Math.log2(x));
  let m = x / 2 ** e;
  if (m < Math.SQRT1_2) {
    m *= 2;
    e -= 1;
  } else if (m >= Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1); m - 1 is exact (Sterbenz), m + 1 kept exact as a pair.
  const s = ddDiv([m - 1, 0], twoSum(m, 1));
  const s2 = ddMul(s, s);
  let term = s;
  let sum: DD = s;
  for (let k = 3; k < 200; k += 2) {
    term = ddMul(term, s2);
    const piece = ddDiv(term, [k, 0]);
    if (Math.abs(piece[0]) < Math.abs(sum[0]) * 2 ** -110) break;
    sum = ddAdd(sum, piece);
  }
  const logM = ddAdd(sum, sum);
  const result = ddAdd(logM, ddMul(LN2, [e, 0]));
  return result[0] + result[1];
}
