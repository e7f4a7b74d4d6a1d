// Embeddings are expensive and deterministic for a given endpoint, model and text, so they are kept
// in the EmbeddingCacheEntry table: key = sha256 over (endpoint, model, text), vector = float32
// little-endian bytes. Fresh vectors are rounded to float32 too, so a cache hit and a fresh request
// give bit-identical scores.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";

export type CachedEmbedding = { key: string; endpoint: string; model: string; vector: Float32Array };

export interface EmbeddingCache {
  /** The cached vectors among `keys` (absent keys are simply missing from the map). */
  getMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: readonly CachedEmbedding[]): Promise<void>;
}

/** The endpoint as it enters the key: trailing slashes do not make a different endpoint. */
export function normalizeEndpoint(baseURL: string): string {
  return baseURL.trim().replace(/\/+$/, "");
}

export function embeddingCacheKey(endpoint: string, model: string, text: string): string {
  // JSON framing keeps ("a b", "c") and ("a", "b c") apart.
  return createHash("sha256").update(JSON.stringify([normalizeEndpoint(endpoint), model, text])).digest("hex");
}

export function encodeVector(vector: Float32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i], true);
  return bytes;
}

export function decodeVector(bytes: Uint8Array, dims: number, key = "?"): Float32Array {
  if (bytes.byteLength !== dims * 4) {
    throw new Error(`Embedding cache entry ${key} is corrupt: ${bytes.byteLength} bytes for ${dims} dimensions (expected ${dims * 4})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

// SQLite limits the number of bound variables per statement; stay far below it.
const LOOKUP_CHUNK = 500;

export function createPrismaEmbeddingCache(db: Db): EmbeddingCache {
  return {
    async getMany(keys) {
      const found = new Map<string, Float32Array>();
      const unique = [...new Set(keys)];
      for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
        const rows = await db.embeddingCacheEntry.findMany({
          where: { key: { in: unique.slice(i, i + LOOKUP_CHUNK) } },
          select: { key: true, vector: true, dims: true },
        });
        for (const row of rows) found.set(row.key, decodeVector(row.vector, row.dims, row.key));
      }
      return found;
    },
    async putMany(entries) {
      if (entries.length === 0) return;
      // Upserts, because another run may have stored the same text meanwhile.
      await db.$transaction(
        entries.map((e) =>
          db.embeddingCacheEntry.upsert({
            where: { key: e.key },
            create: { key: e.key, endpoint: normalizeEndpoint(e.endpoint), model: e.model, vector: encodeVector(e.vector), dims: e.vector.length },
            update: {},
          }),
        ),
      );
    },
  };
}
