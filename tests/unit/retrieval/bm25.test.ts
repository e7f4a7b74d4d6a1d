import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../../server/retrieval/bm25";
import { tokenize } from "../../../server/retrieval/tokenize";

// Toy corpus, tokenized with str.split() (case and punctuation kept):
//   d0 "the cat sat"          |d0| = 3
//   d1 "the cat and the dog"  |d1| = 5   ("the" twice)
//   d2 "a dog"                |d2| = 2
//   d3 "the bird sang sang"   |d3| = 4   ("sang" twice)
// N = 4, avgdl = 14 / 4 = 3.5.
// Document frequencies and raw IDFs, log(N - n + 0.5) - log(n + 0.5):
//   the  n=3 (more than half): log(1.5) - log(3.5) = log(3/7) = -0.8472978603872037  -> floored
//   cat, dog  n=2 (exactly half): log(2.5) - log(2.5) = 0 (not negative, so NOT floored)
//   sat, and, a, bird, sang  n=1: log(3.5) - log(1.5) = log(7/3) = 0.8472978603872037
// average_idf over the 8 terms (the, cat, sat, and, dog, a, bird, sang), before flooring:
//   (-L + 0 + L + L + 0 + L + L + L) / 8 = 4 L / 8 = L / 2 = 0.42364893019360184   (L = log(7/3))
// epsilon floor for "the" = 0.25 * L / 2 = L / 8 = 0.10591223254840046
// Length part of the denominator, k1 * (1 - b + b |d| / avgdl) with k1 = 1.5, b = 0.75:
//   d0: 1.5 (1/4 + 0.75*3/3.5) = 75/56, d1: 111/56, d2: 57/56, d3: 93/56
// Query "the cat sang":
//   the @ d0 (f=1): eps * 1*2.5 / (1 + 75/56)  = eps * 140/131 = 0.11318864547157301
//   the @ d1 (f=2): eps * 2*2.5 / (2 + 111/56) = eps * 280/223 = 0.13298396911906785
//   the @ d3 (f=1): eps * 2.5 / (1 + 93/56)    = eps * 140/149 = 0.099514849374336
//   cat: idf 0 adds nothing anywhere
//   sang @ d3 (f=2): L * 5 / (2 + 93/56)       = L * 56/41     = 1.1572848824800832
//   scores: d0 = 0.11319, d1 = 0.13298, d2 = 0, d3 = 1.25680 -> top 3 = d3, d1, d0
const L = Math.log(7 / 3);
const EPS = L / 8;
const corpus = ["the cat sat", "the cat and the dog", "a dog", "the bird sang sang"].map((t) => tokenize(t));

describe("Bm25Index (rank_bm25 0.2.2 BM25Okapi)", () => {
  const index = new Bm25Index(corpus);

  it("computes document lengths, avgdl and document frequencies", () => {
    expect(Array.from(index.docLengths)).toEqual([3, 5, 2, 4]);
    expect(index.avgdl).toBe(3.5);
    expect(index.documentFrequency("the")).toBe(3);
    expect(index.documentFrequency("cat")).toBe(2);
    expect(index.documentFrequency("sang")).toBe(1);
    expect(index.documentFrequency("zebra")).toBe(0);
    expect(index.vocabularySize).toBe(8);
  });

  it("floors negative IDFs at epsilon * average_idf and leaves a zero IDF alone", () => {
    expect(index.averageIdf).toBeCloseTo(L / 2, 14);
    expect(index.idf("the")).toBeCloseTo(EPS, 14);
    expect(index.idf("the")).toBe(0.25 * index.averageIdf);
    expect(index.idf("cat")).toBe(0);
    expect(index.idf("sang")).toBeCloseTo(L, 14);
    expect(index.idf("zebra")).toBe(0);
  });

  it("scores every document as worked out by hand", () => {
    const s = index.scores(tokenize("the cat sang"));
    expect(s[0]).toBeCloseTo((EPS * 140) / 131, 13);
    expect(s[1]).toBeCloseTo((EPS * 280) / 223, 13);
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo((EPS * 140) / 149 + (L * 56) / 41, 13);
    expect(s[0]).toBeCloseTo(0.1131886, 6);
    expect(s[1]).toBeCloseTo(0.132984, 6);
    expect(s[3]).toBeCloseTo(1.2567997, 6);
    expect(index.topN(tokenize("the cat sang"), 3).indices).toEqual([3, 1, 0]);
  });

  it("counts a repeated query token twice and ignores unknown tokens", () => {
    const once = index.scores(["sang"]);
    const twice = index.scores(["sang", "zebra", "sang"]);
    expect(twice[3]).toBeCloseTo(2 * once[3], 14);
    expect(once[3]).toBeCloseTo((L * 56) / 41, 13);
  });

  it("is case sensitive with the official tokenizer, not with lowercase", () => {
    expect(index.scores(["Sang"])[3]).toBe(0);
    const lower = new Bm25Index(["The Bird SANG"].map((t) => tokenize(t, { lowercase: true })));
    expect(lower.documentFrequency("sang")).toBe(1);
  });

  it("breaks ties the numpy way: a term in exactly half the documents scores 0 everywhere, and the LAST documents come first", () => {
    // "cat" has idf 0, so all four scores are 0; argsort of 4 equal values is stable ([0,1,2,3]),
    // and [::-1] turns that into [3,2,1,0].
    expect(Array.from(index.scores(["cat"]))).toEqual([0, 0, 0, 0]);
    expect(index.topN(["cat"], 4).indices).toEqual([3, 2, 1, 0]);
  });

  it("with 18 documents sharing no query word, returns 17, 16, 1, 2 (numpy's introsort partition, traced in numpyArgsort.test.ts)", () => {
    const docs = Array.from({ length: 18 }, (_, i) => [`w${i}`]);
    expect(new Bm25Index(docs).topN(["nothing"], 4).indices).toEqual([17, 16, 1, 2]);
  });

  it("uses k1 and b", () => {
    // A term in one of three documents: idf(x) = log(3 - 1 + 0.5) - log(1 + 0.5) = log(5/3).
    // d0 = [x] (|d| = 1), d1 = [y, y], d2 = [z, z, z]; avgdl = 2.
    // With k1 = 1, b = 0: score(d0) = log(5/3) * 1*2 / (1 + 1) = log(5/3).
    // With k1 = 2, b = 1: denominator part = 2 * (0 + 1/2) = 1, score = log(5/3) * 3 / 2.
    const docs = [["x"], ["y", "y"], ["z", "z", "z"]];
    expect(new Bm25Index(docs, { k1: 1, b: 0 }).scores(["x"])[0]).toBeCloseTo(Math.log(5 / 3), 14);
    expect(new Bm25Index(docs, { k1: 2, b: 1 }).scores(["x"])[0]).toBeCloseTo((Math.log(5 / 3) * 3) / 2, 14);
  });

  it("uses epsilon", () => {
    // 3 docs [a b] [a c] [a d]: idf(a) = log(0.5) - log(3.5) = -log 7; idf(b,c,d) = log(5/3) each.
    // average = (3 log(5/3) - log 7) / 4; with epsilon 0.5 idf(a) = 0.5 * average.
    const docs = [["a", "b"], ["a", "c"], ["a", "d"]];
    const avg = (3 * Math.log(5 / 3) - Math.log(7)) / 4;
    expect(new Bm25Index(docs, { epsilon: 0.5 }).idf("a")).toBeCloseTo(0.5 * avg, 14);
  });

  it("rejects bad parameters with the parameter's name", () => {
    expect(() => new Bm25Index(corpus, { k1: -1 })).toThrow(/k1/);
    expect(() => new Bm25Index(corpus, { b: 2 })).toThrow(/parameter b/);
    expect(() => new Bm25Index(corpus, { epsilon: Number.NaN })).toThrow(/epsilon/);
  });

  it("handles an empty corpus and a corpus of empty documents without dividing by zero", () => {
    expect(new Bm25Index([]).topN(["a"], 3).indices).toEqual([]);
    const empty = new Bm25Index([[], []]);
    expect(Array.from(empty.scores(["a"]))).toEqual([0, 0]);
    expect(empty.topN(["a"], 1).indices).toEqual([1]);
  });
});
