// The one entry point for picking k profile items for a query. Official LaMP behaviour per method:
// bm25 = rank_bm25 BM25Okapi over str.split() tokens with numpy's tie order; recency = newest k by
// date; random = random.choices (with replacement); dense = dot product of embeddings; none = nothing.
import { Bm25Index, type Bm25Params } from "./bm25";
import type { Bm25IndexCache } from "./bm25IndexCache";
import { denseScores, topKByScore, type DenseConfig, type EmbedStats } from "./dense";
import type { PythonRandom } from "./pythonRandom";
import { randomTopK } from "./random";
import { recencyTopK } from "./recency";
import { tokenize, type TokenizerOptions } from "./tokenize";

export const RETRIEVAL_METHODS = ["bm25", "dense", "recency", "random", "none"] as const;
export type RetrievalMethod = (typeof RETRIEVAL_METHODS)[number];

export type CorpusItem = { id: string; text: string; date?: string };

export type RetrievedItem = {
  id: string;
  /** Position of the item in the profile (the corpus array). */
  index: number;
  /** BM25 or dot-product score; null for methods that do not score. */
  score: number | null;
  /** 1 for the first item returned. */
  rank: number;
};

export type RetrievalRequest = {
  method: RetrievalMethod;
  /** How many items to return (fewer when the corpus is smaller, except random with replacement). */
  k: number;
  query: string;
  corpus: readonly CorpusItem[];
  bm25?: Bm25Params;
  /** Tokenizer for BM25; the official one (plain str.split()) when absent. */
  tokenizer?: TokenizerOptions;
  /** Reuse BM25 indexes of corpora seen before (e.g. within a run); results are the same either way. */
  bm25Cache?: Bm25IndexCache;
  random?: { seed?: number | bigint; withReplacement?: boolean; rng?: PythonRandom };
  /** Required for method "dense". */
  dense?: DenseConfig;
};

export type SyncRetrievalRequest = RetrievalRequest & { method: Exclude<RetrievalMethod, "dense"> };

function checkRequest(request: RetrievalRequest): void {
  if (!RETRIEVAL_METHODS.includes(request.method)) {
    throw new Error(`Unknown retrieval method "${String(request.method)}"; expected one of ${RETRIEVAL_METHODS.join(", ")}`);
  }
  if (!Number.isInteger(request.k) || request.k < 0) {
    throw new Error(`Retrieval k must be a non-negative integer, got ${String(request.k)}`);
  }
  if (typeof request.query !== "string") throw new Error(`Retrieval query must be a string, got ${typeof request.query}`);
  if (!Array.isArray(request.corpus)) throw new Error("Retrieval corpus must be an array of { id, text } items");
  request.corpus.forEach((item, i) => {
    if (!item || typeof item.id !== "string" || typeof item.text !== "string") {
      throw new Error(`Retrieval corpus item at position ${i} must have string id and text`);
    }
  });
}

function fromIndices(corpus: readonly CorpusItem[], indices: readonly number[], scores: ArrayLike<number> | null): RetrievedItem[] {
  return indices.map((index, i) => ({ id: corpus[index].id, index, score: scores ? scores[index] : null, rank: i + 1 }));
}

/** BM25 over the corpus texts; also usable directly when the caller already has a query string and texts. */
export function bm25Retrieve(
  query: string,
  corpus: readonly CorpusItem[],
  k: number,
  bm25?: Bm25Params,
  tokenizer?: TokenizerOptions,
  cache?: Bm25IndexCache,
): RetrievedItem[] {
  const index = cache
    ? cache.index(
        corpus.map((item) => item.text),
        bm25,
        tokenizer,
      )
    : new Bm25Index(
        corpus.map((item) => tokenize(item.text, tokenizer)),
        bm25,
      );
  const { indices, scores } = index.topN(tokenize(query, tokenizer), k);
  return fromIndices(corpus, indices, scores);
}

/** Every method but dense, without a promise (benchmarks, tight loops). */
export function retrieveSync(request: SyncRetrievalRequest): RetrievedItem[] {
  checkRequest(request);
  const { corpus, k } = request;
  if (k === 0 || corpus.length === 0) return [];
  switch (request.method) {
    case "none":
      return [];
    case "bm25":
      return bm25Retrieve(request.query, corpus, k, request.bm25, request.tokenizer, request.bm25Cache);
    case "recency":
      return fromIndices(corpus, recencyTopK(corpus, k), null);
    case "random":
      return fromIndices(corpus, randomTopK(corpus.length, k, request.random ?? {}), null);
    default:
      throw new Error(`Retrieval method "${String((request as RetrievalRequest).method)}" needs retrieve(), not retrieveSync()`);
  }
}

export async function retrieve(request: RetrievalRequest, stats?: EmbedStats): Promise<RetrievedItem[]> {
  if (request.method !== "dense") return retrieveSync(request as SyncRetrievalRequest);
  checkRequest(request);
  if (!request.dense) throw new Error('Retrieval method "dense" needs the dense endpoint settings (dense: { baseURL, model })');
  if (request.k === 0 || request.corpus.length === 0) return [];
  const scores = await denseScores(request.query, request.corpus.map((c) => c.text), request.dense, stats);
  return fromIndices(request.corpus, topKByScore(scores, request.k), scores);
}
