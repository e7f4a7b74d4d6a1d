import crypto from "node:crypto";
import { z } from "zod";
import { makeCorpus, makeQuery } from "../lamp/tasks";
import { retrieve, RETRIEVAL_METHODS } from "../retrieval/retrieve";
import { bm25IndexCacheFor } from "../retrieval/bm25IndexCache";
import type { ItemsValue } from "../pipeline/portValues";
import type { PipelineExample } from "../pipeline/nodeContext";
import { defineNode } from "./defineNode";
import { taskOf } from "./taskOf";

const params = z.object({
  method: z
    .enum(RETRIEVAL_METHODS)
    .default("bm25")
    .describe("bm25 (rank_bm25 BM25Okapi, as LaMP), dense (embeddings endpoint), recency (newest first), random, or none."),
  k: z.number().int().min(0).max(200).default(4).describe("How many profile items to retrieve (0 = none)."),
  k1: z.number().min(0).max(100).default(1.5).describe("BM25 term-frequency saturation (rank_bm25 default 1.5)."),
  b: z.number().min(0).max(1).default(0.75).describe("BM25 length normalisation (rank_bm25 default 0.75)."),
  epsilon: z.number().min(0).max(100).default(0.25).describe("BM25 floor for negative IDF, as a share of the mean IDF (rank_bm25 default 0.25)."),
  lowercase: z.boolean().default(false).describe("Lowercase tokens before BM25 (the official code does not)."),
  stem: z.boolean().default(false).describe("Porter-stem tokens before BM25 (the official code does not)."),
  withReplacement: z
    .boolean()
    .default(true)
    .describe("Random: sample with replacement like the official random.choices; off samples distinct items."),
  embeddingEndpoint: z
    .string()
    .min(1)
    .max(120)
    .default("default")
    .describe("Dense: name of the embeddings endpoint configured on the server."),
});

/** Random retrieval must not depend on which examples ran before: derive a seed per example. */
export function exampleSeed(runSeed: number, example: Pick<PipelineExample, "exampleId">): bigint {
  const digest = crypto.createHash("sha256").update(`${runSeed}:${example.exampleId}`).digest();
  return digest.readBigUInt64BE(0);
}

export const retrieveNode = defineNode({
  kind: "retrieve",
  version: 1,
  title: "Retrieve profile items",
  category: "retrieval",
  description:
    "Picks k items of the user's profile for the example, with LaMP's official query and corpus makers (e.g. LaMP-1's query is the two candidate titles).",
  inputs: [{ name: "example", type: "example", description: "The example whose profile is searched." }],
  outputs: [{ name: "items", type: "items", description: "Retrieved profile items in rank order." }],
  params,
  async run(inputs, p, ctx) {
    const { example } = inputs;
    const task = taskOf(example);
    const method = p.k === 0 ? "none" : p.method;
    const query = method === "none" || method === "recency" || method === "random" ? "" : makeQuery(task.key, example.input);
    const texts = makeCorpus(task.key, example.profile);
    const corpus = example.profile.map((item, i) => ({
      id: String(item.id),
      text: texts[i],
      date: typeof item.date === "string" ? item.date : undefined,
    }));
    const found = await retrieve({
      method,
      k: p.k,
      query,
      corpus,
      bm25: { k1: p.k1, b: p.b, epsilon: p.epsilon },
      tokenizer: { lowercase: p.lowercase, stem: p.stem },
      // Examples sharing a profile (and repeated retrieve nodes) reuse one index per run.
      bm25Cache: method === "bm25" ? bm25IndexCacheFor(ctx.services) : undefined,
      random: { seed: exampleSeed(ctx.seed, example), withReplacement: p.withReplacement },
      dense: method === "dense" ? ctx.services.embeddings(p.embeddingEndpoint) : undefined,
    });
    const value: ItemsValue = {
      method,
      query,
      items: found.map((r) => ({ id: r.id, index: r.index, rank: r.rank, score: r.score, text: texts[r.index], item: example.profile[r.index] })),
    };
    return { items: value };
  },
});
