// Dense retrieval through any OpenAI-compatible /v1/embeddings endpoint. The official LaMP dense
// retriever is facebook/contriever with mean pooling and DOT-PRODUCT scores (no normalisation), so
// scores here are raw dot products of whatever vectors the endpoint returns; serve a Contriever-style
// model there to reproduce it. Top-k orders by score, equal scores by profile position (torch.topk
// leaves tie order unspecified, so there is no official order to copy).
import OpenAI from "openai";
import { redactUrl, redactUrlsIn, splitUrlCredentials } from "../urlCredentials";
import { embeddingCacheKey, normalizeEndpoint, type EmbeddingCache } from "./embeddingCache";

export type DenseConfig = {
  /** Base URL of the OpenAI-compatible API, e.g. http://localhost:8080/v1 (requests go to `${baseURL}/embeddings`). */
  baseURL: string;
  /** Not needed by most local servers. */
  apiKey?: string;
  model: string;
  /** Texts per request; default 32. */
  batchSize?: number;
  /** Prepended to the query before embedding (some models expect e.g. "query: "). Default none. */
  queryPrefix?: string;
  /** Prepended to every corpus text before embedding. Default none. */
  documentPrefix?: string;
  /** Request timeout; default 60 s. */
  timeoutMs?: number;
  /** Where vectors are cached; none when absent. */
  cache?: EmbeddingCache | null;
};

export type EmbedStats = { requested: number; fromCache: number; requests: number };

/** How messages name the endpoint: its URL without credentials. */
function describeEndpoint(config: DenseConfig): string {
  return `${redactUrl(normalizeEndpoint(config.baseURL))}/embeddings (model "${config.model}")`;
}

function validateConfig(config: DenseConfig): void {
  if (!config || typeof config.baseURL !== "string" || config.baseURL.trim() === "") {
    throw new Error("Dense retrieval needs dense.baseURL, the OpenAI-compatible API base URL (e.g. http://localhost:8080/v1)");
  }
  if (typeof config.model !== "string" || config.model.trim() === "") {
    throw new Error(`Dense retrieval needs dense.model, the embedding model name to send to ${redactUrl(normalizeEndpoint(config.baseURL))}`);
  }
  const batch = config.batchSize ?? 32;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`dense.batchSize must be a positive integer, got ${String(config.batchSize)}`);
}

async function requestBatch(client: OpenAI, config: DenseConfig, texts: string[]): Promise<Float32Array[]> {
  let response: OpenAI.CreateEmbeddingResponse;
  try {
    // encoding_format "float" explicitly: the client otherwise asks for base64, which many local servers lack.
    response = await client.embeddings.create({ model: config.model, input: texts, encoding_format: "float" });
  } catch (err) {
    if (err instanceof OpenAI.APIError && err.status !== undefined) {
      throw new Error(`Embeddings request to ${describeEndpoint(config)} failed with HTTP ${err.status}: ${redactUrlsIn(err.message)}`);
    }
    const reason = redactUrlsIn(err instanceof Error ? err.message : String(err));
    throw new Error(`Embeddings request to ${describeEndpoint(config)} failed: ${reason}`);
  }
  const data = (response as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== texts.length) {
    throw new Error(
      `Embeddings response from ${describeEndpoint(config)} has ${Array.isArray(data) ? data.length : "no"} vectors for ${texts.length} inputs`,
    );
  }
  const out: Float32Array[] = new Array(texts.length);
  data.forEach((item: { index?: number; embedding?: unknown }, position) => {
    const at = typeof item.index === "number" ? item.index : position;
    const embedding = item.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new Error(`Embeddings response from ${describeEndpoint(config)}: item ${position} is not a non-empty array of finite numbers`);
    }
    if (at < 0 || at >= texts.length || out[at] !== undefined) {
      throw new Error(`Embeddings response from ${describeEndpoint(config)}: item ${position} has a bad or repeated index ${at}`);
    }
    out[at] = Float32Array.from(embedding as number[]);
  });
  return out;
}

/** One vector per text, in order; cached vectors are reused and fresh ones stored. */
export async function embedTexts(texts: readonly string[], config: DenseConfig, stats?: EmbedStats): Promise<Float32Array[]> {
  validateConfig(config);
  const keys = texts.map((t) => embeddingCacheKey(config.baseURL, config.model, t));
  const known = config.cache ? await config.cache.getMany(keys) : new Map<string, Float32Array>();
  if (stats) {
    stats.requested += texts.length;
    stats.fromCache += keys.filter((k) => known.has(k)).length;
  }
  // Each distinct missing text is requested once, however often it occurs.
  const missing: { key: string; text: string }[] = [];
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (!known.has(key) && !seen.has(key)) {
      seen.add(key);
      missing.push({ key, text: texts[i] });
    }
  });
  if (missing.length > 0) {
    // Credentials in the URL go as HTTP Basic authentication (fetch refuses a URL holding them).
    const { url, authorization } = splitUrlCredentials(normalizeEndpoint(config.baseURL));
    const client = new OpenAI({
      baseURL: url,
      apiKey: config.apiKey || "not-needed",
      maxRetries: 0,
      timeout: config.timeoutMs ?? 60_000,
      defaultHeaders: authorization ? { Authorization: authorization } : undefined,
    });
    const batchSize = config.batchSize ?? 32;
    for (let i = 0; i < missing.length; i += batchSize) {
      const batch = missing.slice(i, i + batchSize);
      const vectors = await requestBatch(client, config, batch.map((m) => m.text));
      if (stats) stats.requests += 1;
      batch.forEach((m, j) => known.set(m.key, vectors[j]));
      if (config.cache) {
        await config.cache.putMany(batch.map((m, j) => ({ key: m.key, endpoint: redactUrl(normalizeEndpoint(config.baseURL)), model: config.model, vector: vectors[j] })));
      }
    }
  }
  const vectors = keys.map((k) => known.get(k)!);
  const dims = vectors[0]?.length;
  vectors.forEach((v, i) => {
    if (v.length !== dims) {
      throw new Error(`Embeddings from ${describeEndpoint(config)} disagree in size: text ${i} has ${v.length} dimensions, text 0 has ${dims}`);
    }
  });
  return vectors;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Dot-product score of every corpus text against the query. */
export async function denseScores(query: string, corpus: readonly string[], config: DenseConfig, stats?: EmbedStats): Promise<Float64Array> {
  const q = config.queryPrefix ?? "";
  const d = config.documentPrefix ?? "";
  const vectors = await embedTexts([q + query, ...corpus.map((t) => d + t)], config, stats);
  const [queryVector, ...docVectors] = vectors;
  const scores = new Float64Array(corpus.length);
  docVectors.forEach((v, i) => (scores[i] = dot(queryVector, v)));
  return scores;
}

/** Indices of the k best scores, best first; equal scores keep profile order. */
export function topKByScore(scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, Math.max(0, k));
}
