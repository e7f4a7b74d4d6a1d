import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedTexts, type EmbedStats } from "../../../server/retrieval/dense";
import { createPrismaEmbeddingCache, decodeVector, embeddingCacheKey, encodeVector } from "../../../server/retrieval/embeddingCache";
import { retrieve, type CorpusItem } from "../../../server/retrieval/retrieve";
import { createTempDatabase, type TempDatabase } from "../../support/tempDatabase";
import { startLetterCountServer, type LetterCountServer } from "./letterCountEmbeddingServer";

let server: LetterCountServer;
let temp: TempDatabase;
beforeAll(async () => {
  server = await startLetterCountServer();
  temp = createTempDatabase("dense-retrieval-");
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

// Vectors are letter counts (a, b, c):
//   query "abc"       -> (1, 1, 1)
//   p0 "aaa"          -> (3, 0, 0)   dot 3
//   p1 "bbbb cc"      -> (0, 4, 2)   dot 6
//   p2 "xyz"          -> (0, 0, 0)   dot 0
//   p3 "cab"          -> (1, 1, 1)   dot 3
// top 3 by score: p1 (6), then p0 and p3 tie at 3 -> profile order p0, p3.
const corpus: CorpusItem[] = [
  { id: "p0", text: "aaa" },
  { id: "p1", text: "bbbb cc" },
  { id: "p2", text: "xyz" },
  { id: "p3", text: "cab" },
];

describe("dense retrieval through an OpenAI-compatible embeddings endpoint", () => {
  it("scores by dot product and orders ties by profile position", async () => {
    const out = await retrieve({ method: "dense", k: 3, query: "abc", corpus, dense: { baseURL: server.baseURL, model: "letters" } });
    expect(out).toEqual([
      { id: "p1", index: 1, score: 6, rank: 1 },
      { id: "p0", index: 0, score: 3, rank: 2 },
      { id: "p3", index: 3, score: 3, rank: 3 },
    ]);
    const last = server.requests.at(-1)!;
    expect(last.encodingFormat).toBe("float");
    expect(last.input).toEqual(["abc", "aaa", "bbbb cc", "xyz", "cab"]);
    expect(last.authorization).toBe("Bearer not-needed");
  });

  it("applies query and document prefixes before embedding", async () => {
    // "query: " contains no a, b or c, so the query stays (1,1,1);
    // document prefix "ab " adds (1,1,0) to every document: p0 (4,1,0) dot 5, p1 (1,5,2) dot 8,
    // p2 (1,1,0) dot 2, p3 (2,2,1) dot 5 -> p1, p0, p3
    const out = await retrieve({
      method: "dense",
      k: 4,
      query: "abc",
      corpus,
      dense: { baseURL: server.baseURL, model: "letters", queryPrefix: "query: ", documentPrefix: "ab " },
    });
    expect(out.map((r) => [r.id, r.score])).toEqual([
      ["p1", 8],
      ["p0", 5],
      ["p3", 5],
      ["p2", 2],
    ]);
  });

  it("sends batches of batchSize and each distinct text once", async () => {
    const before = server.requests.length;
    const stats: EmbedStats = { requested: 0, fromCache: 0, requests: 0 };
    const vectors = await embedTexts(["a", "b", "a", "c", "cc"], { baseURL: server.baseURL, model: "letters", batchSize: 2 }, stats);
    expect(vectors.map((v) => Array.from(v))).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 2]]);
    const sent = server.requests.slice(before).map((r) => r.input);
    expect(sent).toEqual([["a", "b"], ["c", "cc"]]);
    expect(stats).toEqual({ requested: 5, fromCache: 0, requests: 2 });
  });

  it("caches vectors in the database: a second identical retrieval makes no request", async () => {
    const cache = createPrismaEmbeddingCache(temp.db);
    const dense = { baseURL: server.baseURL + "/", model: "letters-cached", cache };
    const first: EmbedStats = { requested: 0, fromCache: 0, requests: 0 };
    const a = await retrieve({ method: "dense", k: 2, query: "abc", corpus, dense }, first);
    expect(first).toEqual({ requested: 5, fromCache: 0, requests: 1 });
    expect(await temp.db.embeddingCacheEntry.count({ where: { model: "letters-cached" } })).toBe(5);

    const before = server.requests.length;
    const second: EmbedStats = { requested: 0, fromCache: 0, requests: 0 };
    const b = await retrieve({ method: "dense", k: 2, query: "abc", corpus, dense }, second);
    expect(server.requests.length).toBe(before);
    expect(second).toEqual({ requested: 5, fromCache: 5, requests: 0 });
    expect(b).toEqual(a);

    // A new query text: only that one text is requested.
    await retrieve({ method: "dense", k: 1, query: "bb", corpus, dense });
    expect(server.requests.slice(before).map((r) => r.input)).toEqual([["bb"]]);

    // The row is what the schema promises: float32 little-endian bytes, the dims, the endpoint without its trailing slash.
    const row = await temp.db.embeddingCacheEntry.findUniqueOrThrow({ where: { key: embeddingCacheKey(server.baseURL, "letters-cached", "bbbb cc") } });
    expect(row.dims).toBe(3);
    expect(row.endpoint).toBe(server.baseURL);
    expect(Array.from(decodeVector(row.vector, row.dims))).toEqual([0, 4, 2]);
  });

  it("keys the cache by endpoint, model and text", () => {
    const k = embeddingCacheKey("http://h/v1", "m", "t");
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(embeddingCacheKey("http://h/v1/", "m", "t")).toBe(k);
    expect(embeddingCacheKey("http://h/v1", "m2", "t")).not.toBe(k);
    expect(embeddingCacheKey("http://h/v1", "m", "t ")).not.toBe(k);
    // 1.5 is 0x3FC00000 as float32: little-endian bytes 00 00 C0 3F.
    expect(Array.from(encodeVector(Float32Array.of(1.5)))).toEqual([0x00, 0x00, 0xc0, 0x3f]);
  });

  it("reports the endpoint and HTTP status when the server fails", async () => {
    await expect(retrieve({ method: "dense", k: 1, query: "a", corpus, dense: { baseURL: server.baseURL, model: "broken" } })).rejects.toThrow(
      new RegExp(`Embeddings request to ${server.baseURL.replace(/[./]/g, "\\$&")}/embeddings \\(model "broken"\\) failed with HTTP 500: .*model exploded`),
    );
  });

  it("reports an endpoint that cannot be reached", async () => {
    await expect(embedTexts(["a"], { baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutMs: 5000 })).rejects.toThrow(
      /Embeddings request to http:\/\/127\.0\.0\.1:9\/v1\/embeddings \(model "m"\) failed: /,
    );
  });

  it("rejects vectors of different sizes and missing settings", async () => {
    await expect(embedTexts(["a", "b"], { baseURL: server.baseURL, model: "ragged" })).rejects.toThrow(/disagree in size: text 1 has 2 dimensions/);
    await expect(embedTexts(["a"], { baseURL: "", model: "m" })).rejects.toThrow(/needs dense.baseURL/);
    await expect(embedTexts(["a"], { baseURL: server.baseURL, model: "" })).rejects.toThrow(/needs dense.model/);
  });
});
