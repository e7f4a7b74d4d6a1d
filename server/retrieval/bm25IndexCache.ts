// BM25 indexes reused across the examples of a run. In LaMP several questions often share one user's
// profile (LaMP-2, LaMP-3 users answer many questions), and a pipeline may retrieve twice over the same
// profile; rebuilding the index means tokenizing every profile item again. The cache is keyed by
// what the index is made of and nothing else:
//   - the corpus texts (a SHA-256 over their lengths and contents, so no text is compared or kept),
//   - the tokenizer (official split / lowercase / stem),
//   - the BM25 parameters after defaults (k1, b, epsilon).
// The task's corpus maker is covered by the texts themselves. Item ids and dates are not part of
// the index, so callers read them from their own corpus: a hit returns exactly what a rebuild would.
// Bounded: least recently used entries go first, by count and by the number of tokens indexed.
import crypto from "node:crypto";
import { BM25_DEFAULTS, Bm25Index, type Bm25Params } from "./bm25";
import { tokenize, type TokenizerOptions } from "./tokenize";

export type Bm25IndexBuilder = (documents: string[][], params: Bm25Params) => Bm25Index;

export type Bm25IndexCacheOptions = {
  /** Most indexes kept (default 64 profiles). */
  maxEntries?: number;
  /** Most corpus tokens kept over all indexes (default 4,000,000, roughly 100 MB of postings and term maps). */
  maxTokens?: number;
  /** Builds an index from tokenized documents (default: new Bm25Index). */
  build?: Bm25IndexBuilder;
};

export type Bm25IndexCacheStats = {
  hits: number;
  /** Indexes built (every miss builds one). */
  builds: number;
  evictions: number;
  entries: number;
  /** Corpus tokens held by the cached indexes. */
  tokens: number;
};

export const BM25_CACHE_DEFAULTS = Object.freeze({ maxEntries: 64, maxTokens: 4_000_000 });

type Entry = { index: Bm25Index; tokens: number };

function tokenizerKey(tokenizer: TokenizerOptions | undefined): string {
  // tokenize(): stemming wins over lowercasing (the stemmer lowercases anyway).
  if (tokenizer?.stem) return "stem";
  return tokenizer?.lowercase ? "lower" : "split";
}

/** The cache key of an index: tokenizer, parameters after defaults, digest of the corpus texts. */
export function bm25IndexKey(texts: readonly string[], params: Bm25Params = {}, tokenizer?: TokenizerOptions): string {
  const k1 = params.k1 ?? BM25_DEFAULTS.k1;
  const b = params.b ?? BM25_DEFAULTS.b;
  const epsilon = params.epsilon ?? BM25_DEFAULTS.epsilon;
  const hash = crypto.createHash("sha256");
  // Length prefixes keep ["ab", "c"] and ["a", "bc"] apart; the count keeps [] and [""] apart.
  hash.update(`${texts.length}\n`);
  for (const text of texts) {
    hash.update(`${text.length}:`);
    hash.update(text);
  }
  return `${tokenizerKey(tokenizer)}|${k1}|${b}|${epsilon}|${hash.digest("base64")}`;
}

export class Bm25IndexCache {
  readonly maxEntries: number;
  readonly maxTokens: number;
  private readonly build: Bm25IndexBuilder;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private tokens = 0;
  private hits = 0;
  private builds = 0;
  private evictions = 0;

  constructor(options: Bm25IndexCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? BM25_CACHE_DEFAULTS.maxEntries;
    this.maxTokens = options.maxTokens ?? BM25_CACHE_DEFAULTS.maxTokens;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new Error(`maxEntries must be a positive integer, got ${this.maxEntries}`);
    if (!(this.maxTokens >= 0)) throw new Error(`maxTokens must be >= 0, got ${this.maxTokens}`);
    this.build = options.build ?? ((documents, params) => new Bm25Index(documents, params));
  }

  /** The index of these corpus texts under these settings, built on first use. */
  index(texts: readonly string[], params: Bm25Params = {}, tokenizer?: TokenizerOptions): Bm25Index {
    const key = bm25IndexKey(texts, params, tokenizer);
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.index;
    }
    const index = this.build(
      texts.map((text) => tokenize(text, tokenizer)),
      params,
    );
    this.builds++;
    let tokens = 0;
    for (let d = 0; d < index.docLengths.length; d++) tokens += index.docLengths[d];
    // An index larger than the whole budget is used once and not kept.
    if (tokens <= this.maxTokens) {
      this.entries.set(key, { index, tokens });
      this.tokens += tokens;
      this.evict();
    }
    return index;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.tokens <= this.maxTokens) break;
      this.entries.delete(key);
      this.tokens -= entry.tokens;
      this.evictions++;
    }
  }

  stats(): Bm25IndexCacheStats {
    return { hits: this.hits, builds: this.builds, evictions: this.evictions, entries: this.entries.size, tokens: this.tokens };
  }
}

// One cache per owner object: the run layer creates one node-services object per run, so keying by
// it gives each run its own cache, dropped with the services when the run ends.
const byOwner = new WeakMap<object, Bm25IndexCache>();

/** The BM25 index cache belonging to `owner` (e.g. a run's node services), created on first use. */
export function bm25IndexCacheFor(owner: object): Bm25IndexCache {
  let cache = byOwner.get(owner);
  if (!cache) {
    cache = new Bm25IndexCache();
    byOwner.set(owner, cache);
  }
  return cache;
}
