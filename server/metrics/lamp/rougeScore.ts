// ROUGE-1 and ROUGE-L F-measure as LaMP-4..7 score them: HF `evaluate.load("rouge")` with defaults,
// i.e. Google's rouge_score with its default tokenizer and NO stemming, one reference per prediction.
//   tokenize: lowercase, replace every run of [^a-z0-9] with a space, split, keep ^[a-z0-9]+$ tokens
//             (so punctuation and case never matter, and non-ASCII letters vanish);
//   ROUGE-1:  overlap = sum over reference unigrams of min(count in reference, count in prediction);
//             P = overlap / max(#pred, 1), R = overlap / max(#ref, 1);
//   ROUGE-L:  LCS length over the token sequences; P = lcs / #pred, R = lcs / #ref, all 0 when
//             either side has no token;
//   F = 2PR / (P + R), 0 when P + R = 0.
//
// Aggregation. The official number is NOT a plain mean: HF rouge uses rouge_score's
// BootstrapAggregator, which draws 1,000 resamples (with replacement, numpy's global unseeded RNG)
// of the per-example scores, takes each resample's mean, and reports the median ("mid") of those
// 1,000 means. That is random from run to run. Simulated on LaMP-7-like scores it lands within about
// 1e-4 of the plain mean for 1,500 examples (worst of 30 runs 2e-4) and within 1e-3 for 50; it equals
// the plain mean exactly when every example scores the same or there is a single example.
// We report the plain mean of per-example F: deterministic, reproducible, and the value the
// bootstrap median estimates.
import { numpyMean } from "./numpySum";

export type RougeScore = { precision: number; recall: number; fmeasure: number };
export type RougePairScores = { rouge1: RougeScore; rougeL: RougeScore };

/** rouge_score's default tokenizer without stemming. */
export function rougeTokenize(text: string): string[] {
  // Same result as lower() + re.sub("[^a-z0-9]+", " ") + split, without the regex: after lowercasing,
  // a token is a maximal run of a-z / 0-9 character codes; everything else (non-ASCII included) separates.
  const s = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function score(overlap: number, predCount: number, refCount: number): RougeScore {
  const precision = overlap / predCount;
  const recall = overlap / refCount;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

const EMPTY: RougeScore = Object.freeze({ precision: 0, recall: 0, fmeasure: 0 });

// Scratch buffers reused across pairs (tweets and headlines are short; they grow when needed).
let refIds = new Int32Array(64);
let predIds = new Int32Array(64);
let counts = new Int32Array(128);
let rowA = new Int32Array(65);
let rowB = new Int32Array(65);

/**
 * Maps both token lists to small integers (one Map per pair), so the unigram counts live in an
 * Int32Array and the LCS compares integers instead of strings. Returns the number of distinct tokens.
 */
function intern(reference: readonly string[], prediction: readonly string[]): number {
  if (refIds.length < reference.length) refIds = new Int32Array(reference.length * 2);
  if (predIds.length < prediction.length) predIds = new Int32Array(prediction.length * 2);
  const ids = new Map<string, number>();
  for (let i = 0; i < reference.length; i++) {
    let id = ids.get(reference[i]);
    if (id === undefined) ids.set(reference[i], (id = ids.size));
    refIds[i] = id;
  }
  for (let i = 0; i < prediction.length; i++) {
    let id = ids.get(prediction[i]);
    if (id === undefined) ids.set(prediction[i], (id = ids.size));
    predIds[i] = id;
  }
  return ids.size;
}

/** sum over reference unigrams of min(count in reference, count in prediction), on interned ids. */
function unigramOverlap(refLength: number, predLength: number, distinct: number): number {
  if (counts.length < distinct) counts = new Int32Array(distinct * 2);
  counts.fill(0, 0, distinct);
  for (let i = 0; i < refLength; i++) counts[refIds[i]]++;
  // Consuming reference counts as prediction tokens arrive adds up the per-unigram minimum.
  let overlap = 0;
  for (let i = 0; i < predLength; i++) {
    const id = predIds[i];
    if (counts[id] > 0) {
      overlap++;
      counts[id]--;
    }
  }
  return overlap;
}

/** LCS length of the interned lists (two-row dynamic programme over the prediction). */
function internedLcs(refLength: number, predLength: number): number {
  if (rowA.length <= predLength) {
    rowA = new Int32Array(predLength * 2 + 1);
    rowB = new Int32Array(predLength * 2 + 1);
  }
  let prev = rowA;
  let curr = rowB;
  prev.fill(0, 0, predLength + 1);
  curr[0] = 0;
  for (let i = 0; i < refLength; i++) {
    const x = refIds[i];
    for (let j = 1; j <= predLength; j++) {
      if (x === predIds[j - 1]) curr[j] = prev[j - 1] + 1;
      else curr[j] = prev[j] > curr[j - 1] ? prev[j] : curr[j - 1];
    }
    const t = prev;
    prev = curr;
    curr = t;
  }
  return prev[predLength];
}

/** ROUGE-1 and ROUGE-L from token lists. */
export function rougeFromTokens(reference: readonly string[], prediction: readonly string[]): RougePairScores {
  if (reference.length === 0 || prediction.length === 0) return { rouge1: { ...EMPTY }, rougeL: { ...EMPTY } };
  const distinct = intern(reference, prediction);
  const overlap = unigramOverlap(reference.length, prediction.length, distinct);
  const lcs = internedLcs(reference.length, prediction.length);
  return { rouge1: score(overlap, prediction.length, reference.length), rougeL: score(lcs, prediction.length, reference.length) };
}

/** Length of the longest common subsequence of two token lists. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  intern(a, b);
  return internedLcs(a.length, b.length);
}

/** ROUGE-1 and ROUGE-L of one prediction against one reference (whitespace never matters). */
export function rougePair(prediction: string, reference: string): RougePairScores {
  return rougeFromTokens(rougeTokenize(reference), rougeTokenize(prediction));
}

/** Plain means of per-pair ROUGE-1 and ROUGE-L F-measures (see the note on aggregation above). */
export function rougeMeans(predictions: readonly string[], references: readonly string[]): { rouge1: number; rougeL: number } {
  if (predictions.length !== references.length) {
    throw new Error(`ROUGE needs as many predictions as references (${predictions.length} vs ${references.length})`);
  }
  const r1 = new Float64Array(predictions.length);
  const rl = new Float64Array(predictions.length);
  for (let i = 0; i < predictions.length; i++) {
    const s = rougePair(predictions[i], references[i]);
    r1[i] = s.rouge1.fmeasure;
    rl[i] = s.rougeL.fmeasure;
  }
  return { rouge1: numpyMean(r1), rougeL: numpyMean(rl) };
}
