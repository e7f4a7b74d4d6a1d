// Small deterministic helpers shared by the sample generators (no dependencies).

/** mulberry32: a tiny seeded PRNG, so `node generate.mjs` always writes the same files. */
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    shuffle: (arr) => {
      const out = arr.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    sample: (arr, n) => rng.shuffle(arr).slice(0, n),
    /** Picks a key of `weights` ({key: weight}) with probability proportional to its weight. */
    weighted: (weights) => {
      const entries = Object.entries(weights);
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [k, w] of entries) {
        r -= w;
        if (r < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
  };
  return rng;
}

/** Fills {slot} markers from `vals`; throws on a missing slot so templates cannot silently break. */
export function fill(template, vals) {
  return template.replace(/\{(\w+)\}/g, (_, k) => {
    if (!(k in vals)) throw new Error(`missing slot {${k}} in: ${template}`);
    return String(vals[k]);
  });
}

/** `n` distinct YYYY-MM-DD dates between two years, returned in ascending order. */
export function distinctDates(rng, n, fromYear, toYear) {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  const days = Math.floor((end - start) / 86400000);
  const set = new Set();
  while (set.size < n) {
    const d = new Date(start + rng.int(0, days) * 86400000);
    set.add(d.toISOString().slice(0, 10));
  }
  return [...set].sort();
}

export function capFirst(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Builds the profile-item ids "<exampleId>0", "<exampleId>1", ... (as in the real LaMP files). */
export function itemId(exampleId, i) {
  return `${exampleId}${i}`;
}

/** Repeats `make()` until it yields a value whose `key` is new (a null key rejects the value). */
export function uniqueMany(n, make, key = (x) => JSON.stringify(x), maxTries = 5000) {
  const seen = new Set();
  const out = [];
  let tries = 0;
  while (out.length < n) {
    if (++tries > maxTries) throw new Error(`uniqueMany: only ${out.length}/${n} distinct values`);
    const v = make();
    const k = key(v);
    if (k === null || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
