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
// 1,000 means. That is random run to run and sits within about 1e-4 of the plain mean for LaMP-sized
// sets; it equals the plain mean exactly when every example scores the same or there is one example.
// We report the plain mean of per-example F: deterministic, reproducible, and the value the
// bootstrap median estimates.
import { numpyMean } from "./numpySum";

export type RougeScore = { precision: number; recall: number; fmeasure: number };
export type RougePairScores = { rouge1: RougeScore; rougeL: RougeScore };

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

/** rouge_score's default tokenizer without stemming. */
export function rougeTokenize(text: string): string[] {
  const cleaned = text.toLowerCase().replace(NON_ALPHANUMERIC, " ");
  const out: string[] = [];
  for (const token of cleaned.split(" ")) if (token !== "") out.push(token);
  return out;
}

export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** ROUGE-1 from token lists. */
export function rouge1FromTokens(reference: readonly string[], prediction: readonly string[]): RougeScore {
  const counts = new Map<string, number>();
  for (const t of reference) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Consuming reference counts as prediction tokens arrive sums min(ref count, pred count) per unigram.
  let overlap = 0;
  for (const t of prediction) {
    const c = counts.get(t);
    if (c !== undefined && c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  const precision = overlap / Math.max(prediction.length, 1);
  const recall = overlap / Math.max(reference.length, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence of two token lists (two-row dynamic programme). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Iterate over the shorter list in the inner loop to keep the rows small.
  const [outer, inner] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Int32Array(inner.length + 1);
  let curr = new Int32Array(inner.length + 1);
  for (let i = 0; i < outer.length; i++) {
    const x = outer[i];
    for (let j = 1; j <= inner.length; j++) {
      curr[j] = x === inner[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], curr[j - 1]);
    }
    const t = prev;
    prev = curr;
    curr = t;
  }
  return prev[inner.length];
}

/** ROUGE-L from token lists. */
export function rougeLFromTokens(reference: readonly string[], prediction: readonly string[]): RougeScore {
  if (reference.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(reference, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / reference.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** ROUGE-1 and ROUGE-L of one prediction against one reference (both already stripped or not: whitespace never matters). */
export function rougePair(prediction: string, reference: string): RougePairScores {
  const ref = rougeTokenize(reference);
  const pred = rougeTokenize(prediction);
  return { rouge1: rouge1FromTokens(ref, pred), rougeL: rougeLFromTokens(ref, pred) };
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
