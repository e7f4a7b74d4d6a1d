import { describe, expect, it } from "vitest";
import { lcsLength, rougeMeans, rougePair, rougeTokenize } from "../../../server/metrics/lamp/rougeScore";

describe("rouge_score default tokenizer (no stemming)", () => {
  it("lowercases, turns every non [a-z0-9] run into a space, splits", () => {
    expect(rougeTokenize("Hello, WORLD!!  It's 2024.")).toEqual(["hello", "world", "it", "s", "2024"]);
    expect(rougeTokenize("café naïve")).toEqual(["caf", "na", "ve"]);
    expect(rougeTokenize("  ...  ")).toEqual([]);
    expect(rougeTokenize("running cats")).toEqual(["running", "cats"]); // no stemming
  });
});

describe("ROUGE-1 and ROUGE-L F-measure per pair", () => {
  it("ignores punctuation and case", () => {
    const s = rougePair("Hello, WORLD!!", "hello world");
    expect(s.rouge1.fmeasure).toBe(1);
    expect(s.rougeL.fmeasure).toBe(1);
  });

  it("one substituted word", () => {
    // pred: the cat sat on the mat (6)  ref: the cat is on the mat (6)
    // ROUGE-1 overlap: the min(2,2) + cat + on + mat = 5 -> P = R = F = 5/6
    // LCS: the cat on the mat = 5 -> P = R = F = 5/6
    const s = rougePair("The cat sat on the mat.", "the cat is on the mat");
    expect(s.rouge1.fmeasure).toBeCloseTo(5 / 6, 15);
    expect(s.rougeL.fmeasure).toBeCloseTo(5 / 6, 15);
  });

  it("word order matters for ROUGE-L only", () => {
    // dog bites man vs man bites dog: every unigram matches (F1 = 1); the LCS is one word -> 1/3.
    const s = rougePair("dog bites man", "man bites dog");
    expect(s.rouge1.fmeasure).toBe(1);
    expect(s.rougeL.fmeasure).toBeCloseTo(1 / 3, 15);
    expect(lcsLength(["dog", "bites", "man"], ["man", "bites", "dog"])).toBe(1);
  });

  it("different lengths: P and R differ", () => {
    // pred: the cat (2)  ref: the cat sat on the mat (6); overlap 2 -> P = 1, R = 1/3
    // F = 2 * 1 * 1/3 / (1 + 1/3) = (2/3) / (4/3) = 1/2; the LCS is also 2 -> 1/2
    const s = rougePair("the cat", "the cat sat on the mat");
    expect(s.rouge1).toEqual({ precision: 1, recall: 1 / 3, fmeasure: 0.5 });
    expect(s.rougeL.fmeasure).toBeCloseTo(0.5, 15);
  });

  it("clips repeated unigrams at the reference count", () => {
    // pred: the the the  ref: the cat -> overlap min(3,1) = 1; P = 1/3, R = 1/2, F = (1/3)/(5/6) = 2/5
    const s = rougePair("the the the", "the cat");
    expect(s.rouge1.fmeasure).toBeCloseTo(0.4, 15);
    expect(s.rougeL.fmeasure).toBeCloseTo(0.4, 15);
  });

  it("splits contractions as the tokenizer does", () => {
    // "I don't know" -> i don t know (4); "i do not know" -> i do not know (4); overlap i, know -> 2/4
    const s = rougePair("I don't know", "i do not know");
    expect(s.rouge1.fmeasure).toBe(0.5);
    expect(s.rougeL.fmeasure).toBe(0.5);
  });

  it("scores 0 when either side has no token", () => {
    expect(rougePair("", "something").rouge1.fmeasure).toBe(0);
    expect(rougePair("!!!", "something").rougeL.fmeasure).toBe(0);
    expect(rougePair("something", "").rougeL).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougePair("something", "...").rouge1).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it("aggregates with the plain mean of the per-pair F values", () => {
    // ROUGE-1: (5/6 + 1 + 1/2) / 3 = 7/9; ROUGE-L: (5/6 + 1/3 + 1/2) / 3 = 5/9
    const m = rougeMeans(
      ["The cat sat on the mat.", "dog bites man", "the cat"],
      ["the cat is on the mat", "man bites dog", "the cat sat on the mat"],
    );
    expect(m.rouge1).toBeCloseTo(7 / 9, 15);
    expect(m.rougeL).toBeCloseTo(5 / 9, 15);
    expect(() => rougeMeans(["a"], [])).toThrow(/as many predictions as references/);
  });
});
