import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Bm25Index, type Bm25Params } from "../../../server/retrieval/bm25";
import { Bm25IndexCache, bm25IndexCacheFor, bm25IndexKey } from "../../../server/retrieval/bm25IndexCache";
import { retrieveSync, type CorpusItem, type RetrievedItem } from "../../../server/retrieval/retrieve";
import type { TokenizerOptions } from "../../../server/retrieval/tokenize";
import { makeCorpus, makeQuery, type TaskKey } from "../../../server/lamp/tasks";
import { retrieveNode } from "../../../server/nodes/retrieve";
import type { ItemsValue } from "../../../server/pipeline/portValues";
import type { PipelineExample, ProfileItem } from "../../../server/pipeline/nodeContext";
import type { NodeServices } from "../../../server/pipeline/nodeServices";
import { makeExample, noServices, nodeContext, runNode } from "../../support/pipelineFixtures";
import { hasLampReal, lampRealFile, REPO_ROOT } from "../../support/sharedData";

type Question = { id: string; input: string; profile: ProfileItem[] };

const SAMPLE_TASKS: [dir: string, task: TaskKey][] = [
  ["LaMP_1", "LaMP-1"],
  ["LaMP_2", "LaMP-2"],
  ["LaMP_2N", "LaMP-2N"],
  ["LaMP_3", "LaMP-3"],
  ["LaMP_4", "LaMP-4"],
  ["LaMP_5", "LaMP-5"],
  ["LaMP_7", "LaMP-7"],
];

function readQuestions(file: string): Question[] {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Question[];
}

/**
 * LaMP-shaped runs where users answer several questions: every input of a task's sample asked by
 * every user of that sample (users' profiles are parsed anew for each example, as a run does).
 * The real LaMP excerpts join in when ../shared has them.
 */
function sharedProfileExamples(): { task: TaskKey; examples: PipelineExample[]; users: number }[] {
  const sets: { task: TaskKey; questions: Question[] }[] = SAMPLE_TASKS.map(([dir, task]) => ({
    task,
    questions: readQuestions(path.join(REPO_ROOT, "samples", "lamp", dir, "dev_questions.json")),
  }));
  if (hasLampReal) {
    sets.push({ task: "LaMP-1", questions: readQuestions(lampRealFile("LaMP_1", "dev_questions.json")) });
    sets.push({ task: "LaMP-7", questions: readQuestions(lampRealFile("LaMP_7", "dev_questions.json")).slice(0, 12) });
  }
  return sets.map(({ task, questions }) => {
    const examples: PipelineExample[] = [];
    for (const asked of questions) {
      for (const user of questions) {
        const profile = JSON.parse(JSON.stringify(user.profile)) as ProfileItem[];
        examples.push(makeExample(task, asked.input, profile, `${asked.id}@${user.id}`));
      }
    }
    return { task, examples, users: new Set(questions.map((q) => JSON.stringify(q.profile))).size };
  });
}

function corpusOf(task: TaskKey, profile: ProfileItem[]): CorpusItem[] {
  const texts = makeCorpus(task, profile);
  return profile.map((item, i) => ({ id: String(item.id), text: texts[i] }));
}

/** Same items, same order, and scores that are the same float64 (Object.is, so -0 and NaN count too). */
function identical(actual: RetrievedItem[], expected: RetrievedItem[]): boolean {
  return (
    actual.length === expected.length &&
    actual.every((r, i) => r.id === expected[i].id && r.index === expected[i].index && r.rank === expected[i].rank && Object.is(r.score, expected[i].score))
  );
}

function expectIdentical(actual: RetrievedItem[], expected: RetrievedItem[]): void {
  if (!identical(actual, expected)) expect(actual).toEqual(expected);
  expect(identical(actual, expected)).toBe(true);
}

const SETTINGS: { tokenizer?: TokenizerOptions; bm25?: Bm25Params }[] = [
  {},
  { tokenizer: { lowercase: true } },
  { tokenizer: { stem: true } },
  { bm25: { k1: 0.9, b: 0.4 } },
  { bm25: { epsilon: 0 } },
];

describe("BM25 index cache: cached retrieval is the uncached retrieval", () => {
  const sets = sharedProfileExamples();

  it("every example of shared-profile LaMP runs ranks and scores exactly as a fresh index does, one build per profile", () => {
    let examples = 0;
    for (const { task, examples: list, users } of sets) {
      const cache = new Bm25IndexCache();
      for (const example of list) {
        const request = { method: "bm25" as const, k: 5, query: makeQuery(task, example.input), corpus: corpusOf(task, example.profile) };
        expectIdentical(retrieveSync({ ...request, bm25Cache: cache }), retrieveSync(request));
        examples++;
      }
      expect(cache.stats()).toMatchObject({ builds: users, hits: list.length - users, evictions: 0 });
    }
    expect(examples).toBeGreaterThan(300);
  });

  it("tokenizer and parameter variants interleaved on one cache each get their own index", () => {
    for (const { task, examples, users } of sets.filter((s) => s.task === "LaMP-2N" || s.task === "LaMP-3")) {
      const cache = new Bm25IndexCache();
      // A key that ignored one of the settings would hand back another setting's index.
      for (const example of examples) {
        for (const setting of SETTINGS) {
          const request = { method: "bm25" as const, k: 5, query: makeQuery(task, example.input), corpus: corpusOf(task, example.profile), ...setting };
          expectIdentical(retrieveSync({ ...request, bm25Cache: cache }), retrieveSync(request));
        }
      }
      expect(cache.stats()).toMatchObject({ builds: users * SETTINGS.length, hits: (examples.length - users) * SETTINGS.length });
    }
  });

  it("the retrieve node reuses one index per profile within a run (one services object) and returns the same items and scores", async () => {
    const services: NodeServices = { ...noServices };
    for (const { task, examples, users } of sets.slice(0, 3)) {
      const before = bm25IndexCacheFor(services).stats().builds;
      for (const example of examples) {
        const out = (await runNode(retrieveNode, { example }, { method: "bm25", k: 4 }, nodeContext({ example, services }))).items as ItemsValue;
        const expected = retrieveSync({ method: "bm25", k: 4, query: makeQuery(task, example.input), corpus: corpusOf(task, example.profile) });
        expectIdentical(
          out.items.map(({ id, index, rank, score }) => ({ id, index, rank, score })),
          expected,
        );
        expect(out.items.map((r) => r.item)).toEqual(expected.map((r) => example.profile[r.index]));
      }
      expect(bm25IndexCacheFor(services).stats().builds - before).toBe(users);
    }
    // Another run (another services object) starts with its own, empty cache.
    expect(bm25IndexCacheFor({ ...noServices }).stats()).toEqual({ hits: 0, builds: 0, evictions: 0, entries: 0, tokens: 0 });
    expect(bm25IndexCacheFor(services)).toBe(bm25IndexCacheFor(services));
  });
});

describe("BM25 index cache: keys, builds and bounds", () => {
  const corpus = (n: number, user: string): string[] => Array.from({ length: n }, (_, i) => `${user} wrote post ${i} about topic ${i % 3}`);

  function countingCache(options: { maxEntries?: number; maxTokens?: number } = {}) {
    const built: string[][][] = [];
    const cache = new Bm25IndexCache({
      ...options,
      build: (documents, params) => {
        built.push(documents);
        return new Bm25Index(documents, params);
      },
    });
    return { cache, built };
  }

  it("builds once per distinct profile, however many examples ask", () => {
    const { cache, built } = countingCache();
    const users = ["ann", "bob", "cy"].map((u) => corpus(10, u));
    for (let round = 0; round < 20; round++) for (const texts of users) cache.index([...texts]);
    expect(built).toHaveLength(3);
    expect(built[1][0]).toEqual(["bob", "wrote", "post", "0", "about", "topic", "0"]);
    expect(cache.stats()).toMatchObject({ builds: 3, hits: 57, entries: 3, tokens: 3 * 10 * 7 });
  });

  it("the key covers texts, their boundaries, the tokenizer and the parameters after defaults", () => {
    const key = bm25IndexKey;
    expect(key(["ab", "c"])).not.toBe(key(["a", "bc"]));
    expect(key([])).not.toBe(key([""]));
    expect(key(["a b"])).toBe(key(["a b"]));
    expect(key(["a b"], {}, { lowercase: true })).not.toBe(key(["a b"]));
    expect(key(["a b"], {}, { stem: true })).not.toBe(key(["a b"], {}, { lowercase: true }));
    // stem lowercases as well: with or without lowercase it is the same tokenizer.
    expect(key(["a b"], {}, { stem: true, lowercase: true })).toBe(key(["a b"], {}, { stem: true }));
    expect(key(["a b"], { k1: 1.5, b: 0.75, epsilon: 0.25 })).toBe(key(["a b"]));
    for (const params of [{ k1: 1.2 }, { b: 0.5 }, { epsilon: 0.1 }]) expect(key(["a b"], params)).not.toBe(key(["a b"]));
  });

  it("ids come from the caller's corpus: two profiles with the same texts share an index but keep their own ids", () => {
    const cache = new Bm25IndexCache();
    const texts = corpus(6, "dee");
    const a = texts.map((text, i) => ({ id: `a${i}`, text }));
    const b = texts.map((text, i) => ({ id: `b${i}`, text }));
    const query = "post 4 topic 1";
    const fromA = retrieveSync({ method: "bm25", k: 3, query, corpus: a, bm25Cache: cache });
    const fromB = retrieveSync({ method: "bm25", k: 3, query, corpus: b, bm25Cache: cache });
    expect(cache.stats()).toMatchObject({ builds: 1, hits: 1 });
    expect(fromA.map((r) => r.id)).toEqual(fromA.map((r) => `a${r.index}`));
    expect(fromB.map((r) => r.id)).toEqual(fromA.map((r) => `b${r.index}`));
    expect(fromB.map((r) => r.score)).toEqual(fromA.map((r) => r.score));
  });

  it("keeps at most maxEntries profiles, dropping the least recently used", () => {
    const { cache, built } = countingCache({ maxEntries: 3 });
    const [p0, p1, p2, p3, p4] = ["a", "b", "c", "d", "e"].map((u) => corpus(4, u));
    cache.index(p0);
    cache.index(p1);
    cache.index(p2);
    cache.index(p0); // p0 is now the most recent; p1 the least
    cache.index(p3); // evicts p1
    expect(cache.stats()).toMatchObject({ entries: 3, evictions: 1, builds: 4 });
    cache.index(p0);
    cache.index(p2);
    cache.index(p3);
    expect(built).toHaveLength(4);
    cache.index(p1); // was evicted: built again, evicting p0 (least recent now)
    expect(built).toHaveLength(5);
    cache.index(p4);
    cache.index(p1);
    expect(cache.stats()).toMatchObject({ entries: 3, builds: 6 });
    for (let i = 0; i < 100; i++) cache.index(corpus(2, `user${i}`));
    expect(cache.stats().entries).toBe(3);
  });

  it("keeps at most maxTokens corpus tokens, and never keeps an index larger than that", () => {
    // Each corpus(4, u) holds 4 * 7 = 28 tokens.
    const { cache } = countingCache({ maxTokens: 60 });
    cache.index(corpus(4, "a"));
    cache.index(corpus(4, "b"));
    expect(cache.stats()).toMatchObject({ entries: 2, tokens: 56 });
    cache.index(corpus(4, "c"));
    expect(cache.stats()).toMatchObject({ entries: 2, tokens: 56, evictions: 1 });
    const big = cache.index(corpus(9, "huge")); // 63 tokens: used, not kept
    expect(big.corpusSize).toBe(9);
    expect(cache.stats()).toMatchObject({ entries: 2, tokens: 56 });
    cache.index(corpus(9, "huge"));
    expect(cache.stats().builds).toBe(5);
  });

  it("refuses nonsensical bounds", () => {
    expect(() => new Bm25IndexCache({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new Bm25IndexCache({ maxTokens: -1 })).toThrow(/maxTokens/);
  });
});
