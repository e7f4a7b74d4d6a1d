// An exact port of rank_bm25 0.2.2 `BM25Okapi` (the library LaMP pins), built for speed: the index
// is made once per user profile (term -> postings in typed arrays) and a query touches only the
// postings of its own terms. Arithmetic follows the Python expression order so scores are the same
// float64 numbers numpy computes:
//   idf(t)   = log(N - n(t) + 0.5) - log(n(t) + 0.5)        (two logs, as rank_bm25 writes it)
//   idf(t)   = epsilon * average_idf   when idf(t) < 0      (average over every term, before flooring)
//   score(d) = sum over query tokens q, in query order, of
//              idf(q) * (f(q,d) * (k1 + 1) / (f(q,d) + k1 * (1 - b + b * |d| / avgdl)))
// A query token repeated twice counts twice; a token absent from the corpus adds nothing.
// get_top_n breaks ties the way numpy's argsort does (see numpyArgsort.ts): not simply by position.
//
// Logs are correctly rounded (see correctlyRoundedLog.ts) to agree with Python's C-library log.
//
// Two degenerate cases where rank_bm25 itself fails and this port returns something usable:
// - every document is empty: Python divides by zero computing average_idf; here every score is 0;
// - b = 1 or k1 = 0 with an empty document: numpy gives NaN (0/0) for documents lacking the term;
//   here a document lacking a term gets exactly 0 from it, which is the intended limit.
import { correctlyRoundedLog } from "./correctlyRoundedLog";
import { numpyTopN } from "./numpyArgsort";

export type Bm25Params = {
  /** Term-frequency saturation; rank_bm25 default 1.5. */
  k1?: number;
  /** Length normalisation; rank_bm25 default 0.75. */
  b?: number;
  /** Floor for negative IDFs, as a fraction of the average IDF; rank_bm25 default 0.25. */
  epsilon?: number;
};

export const BM25_DEFAULTS: Readonly<Required<Bm25Params>> = Object.freeze({ k1: 1.5, b: 0.75, epsilon: 0.25 });

function checkParams(p: Required<Bm25Params>): void {
  for (const [name, value] of Object.entries(p)) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`BM25 parameter ${name} must be a finite number, got ${String(value)}`);
    }
  }
  if (p.k1 < 0) throw new Error(`BM25 parameter k1 must be >= 0, got ${p.k1}`);
  if (p.b < 0 || p.b > 1) throw new Error(`BM25 parameter b must be between 0 and 1, got ${p.b}`);
}

export class Bm25Index {
  readonly params: Readonly<Required<Bm25Params>>;
  readonly corpusSize: number;
  /** Mean document length in tokens (rank_bm25 `avgdl`). */
  readonly avgdl: number;
  /** Mean of the raw IDFs of every corpus term, before the epsilon floor (rank_bm25 `average_idf`). */
  readonly averageIdf: number;
  readonly docLengths: Int32Array;

  private readonly termIds = new Map<string, number>();
  /** IDF per term id, after the epsilon floor. */
  private readonly idfs: Float64Array;
  /** postingStart[t] .. postingStart[t+1] index postingDocs/postingFreqs for term t. */
  private readonly postingStart: Int32Array;
  private readonly postingDocs: Int32Array;
  private readonly postingFreqs: Float64Array;
  /** k1 * (1 - b + b * |d| / avgdl) per document: the part of the denominator that does not depend on the term. */
  private readonly lengthNorm: Float64Array;

  constructor(documents: readonly (readonly string[])[], params: Bm25Params = {}) {
    const p = { ...BM25_DEFAULTS, ...stripUndefined(params) };
    checkParams(p);
    this.params = Object.freeze(p);
    const n = documents.length;
    this.corpusSize = n;
    this.docLengths = new Int32Array(n);

    // Pass 1: every token becomes a term id; ids are handed out in first-seen order, which is the
    // insertion order of rank_bm25's `nd` dict and so the order its IDFs are summed in.
    let totalTokens = 0;
    for (let d = 0; d < n; d++) {
      this.docLengths[d] = documents[d].length;
      totalTokens += documents[d].length;
    }
    const tokenIds = new Int32Array(totalTokens);
    let at = 0;
    for (let d = 0; d < n; d++) {
      for (const token of documents[d]) {
        let id = this.termIds.get(token);
        if (id === undefined) {
          id = this.termIds.size;
          this.termIds.set(token, id);
        }
        tokenIds[at++] = id;
      }
    }
    this.avgdl = n === 0 ? 0 : totalTokens / n;
    const vocab = this.termIds.size;

    // Pass 2: document frequencies (a term counts once per document).
    const docFreq = new Int32Array(vocab);
    const lastDoc = new Int32Array(vocab).fill(-1);
    at = 0;
    for (let d = 0; d < n; d++) {
      for (let end = at + this.docLengths[d]; at < end; at++) {
        const t = tokenIds[at];
        if (lastDoc[t] !== d) {
          lastDoc[t] = d;
          docFreq[t]++;
        }
      }
    }

    // IDFs, summed in rank_bm25's order, then the epsilon floor.
    this.idfs = new Float64Array(vocab);
    let idfSum = 0;
    for (let t = 0; t < vocab; t++) {
      const idf = halfIntegerLog(n - docFreq[t]) - halfIntegerLog(docFreq[t]);
      this.idfs[t] = idf;
      idfSum += idf;
    }
    this.averageIdf = vocab === 0 ? 0 : idfSum / vocab;
    const eps = p.epsilon * this.averageIdf;
    for (let t = 0; t < vocab; t++) if (this.idfs[t] < 0) this.idfs[t] = eps;

    // Pass 3: postings grouped by term, documents ascending, with the term's count in each.
    this.postingStart = new Int32Array(vocab + 1);
    for (let t = 0; t < vocab; t++) this.postingStart[t + 1] = this.postingStart[t] + docFreq[t];
    const total = this.postingStart[vocab];
    this.postingDocs = new Int32Array(total);
    this.postingFreqs = new Float64Array(total);
    const fill = this.postingStart.slice(0, vocab);
    const slot = new Int32Array(vocab);
    lastDoc.fill(-1);
    at = 0;
    for (let d = 0; d < n; d++) {
      for (let end = at + this.docLengths[d]; at < end; at++) {
        const t = tokenIds[at];
        if (lastDoc[t] !== d) {
          lastDoc[t] = d;
          slot[t] = fill[t]++;
          this.postingDocs[slot[t]] = d;
        }
        this.postingFreqs[slot[t]] += 1;
      }
    }

    this.lengthNorm = new Float64Array(n);
    const { k1, b } = p;
    for (let d = 0; d < n; d++) this.lengthNorm[d] = k1 * (1 - b + (b * this.docLengths[d]) / this.avgdl);
  }

  /** Number of distinct terms in the corpus. */
  get vocabularySize(): number {
    return this.idfs.length;
  }

  /** The IDF rank_bm25 would use for a term (after the epsilon floor); 0 for an unknown term. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.idfs[id];
  }

  /** Number of documents containing the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postingStart[id + 1] - this.postingStart[id];
  }

  /** rank_bm25 `get_scores(query)`: one score per document, in corpus order. */
  scores(query: readonly string[]): Float64Array {
    const out = new Float64Array(this.corpusSize);
    const k1plus1 = this.params.k1 + 1;
    for (const token of query) {
      const id = this.termIds.get(token);
      if (id === undefined) continue;
      const idf = this.idfs[id];
      const end = this.postingStart[id + 1];
      for (let at = this.postingStart[id]; at < end; at++) {
        const d = this.postingDocs[at];
        const f = this.postingFreqs[at];
        out[d] += idf * ((f * k1plus1) / (f + this.lengthNorm[d]));
      }
    }
    return out;
  }

  /** rank_bm25 `get_top_n(query, documents, n)` as indices: `np.argsort(scores)[::-1][:n]`. */
  topN(query: readonly string[], n: number): { indices: number[]; scores: Float64Array } {
    const scores = this.scores(query);
    return { indices: numpyTopN(scores, n), scores };
  }
}

// IDF arguments are always m + 0.5 for a whole m <= corpus size, so their logs are worth keeping.
let halfLogs = new Float64Array(0);
function halfIntegerLog(m: number): number {
  if (m >= halfLogs.length) {
    const grown = new Float64Array(Math.max(m + 1, halfLogs.length * 2, 64));
    grown.set(halfLogs);
    for (let i = halfLogs.length; i < grown.length; i++) grown[i] = correctlyRoundedLog(i + 0.5);
    halfLogs = grown;
  }
  return halfLogs[m];
}

function stripUndefined(p: Bm25Params): Bm25Params {
  const out: Bm25Params = {};
  if (p.k1 !== undefined) out.k1 = p.k1;
  if (p.b !== undefined) out.b = p.b;
  if (p.epsilon !== undefined) out.epsilon = p.epsilon;
  return out;
}
