import { describe, expect, it } from "vitest";
import { tokenize, isOfficialTokenizer } from "../../../server/retrieval/tokenize";
import { parsePythonFloat, parsePythonInt, pythonSplit, pythonStrip } from "../../../server/retrieval/pythonStrings";

describe("pythonSplit / pythonStrip (Python str.split() / str.strip())", () => {
  it("splits on runs of whitespace and never yields empty strings", () => {
    expect(pythonSplit("  a  b\tc\n\nd ")).toEqual(["a", "b", "c", "d"]);
    expect(pythonSplit("")).toEqual([]);
    expect(pythonSplit(" \t\n ")).toEqual([]);
  });

  it("uses Python's whitespace set, not JavaScript's", () => {
    // \x1c-\x1f and \x85 are whitespace to Python (not to JS \s); \uFEFF is the reverse.
    expect(pythonSplit("a\x1cb\x85c\u3000d")).toEqual(["a", "b", "c", "d"]);
    expect(pythonSplit("a\uFEFFb")).toEqual(["a\uFEFFb"]);
    expect(pythonStrip("\x1f x \x85")).toBe("x");
    expect(pythonStrip("\uFEFFx")).toBe("\uFEFFx");
  });
});

describe("tokenize", () => {
  it("is str.split() by default: case and punctuation kept", () => {
    expect(tokenize("The cat, the CAT.")).toEqual(["The", "cat,", "the", "CAT."]);
    expect(isOfficialTokenizer(undefined)).toBe(true);
  });

  it("lowercases or Porter-stems on request", () => {
    expect(tokenize("The Cats RUNNING", { lowercase: true })).toEqual(["the", "cats", "running"]);
    // Porter: cats -> cat, running -> run, happily -> happili.
    expect(tokenize("The Cats running happily", { stem: true })).toEqual(["the", "cat", "run", "happili"]);
    expect(isOfficialTokenizer({ stem: true })).toBe(false);
  });
});

describe("parsePythonFloat / parsePythonInt (Python float() / int())", () => {
  it("accepts what float() accepts", () => {
    expect(parsePythonFloat(" 3 ")).toBe(3);
    expect(parsePythonFloat("3.0")).toBe(3);
    expect(parsePythonFloat("+3")).toBe(3);
    expect(parsePythonFloat("1e0")).toBe(1);
    expect(parsePythonFloat("3.")).toBe(3);
    expect(parsePythonFloat(".5")).toBe(0.5);
    expect(parsePythonFloat("1_0")).toBe(10);
    expect(parsePythonFloat("4.5e-1")).toBe(0.45);
    expect(parsePythonFloat("\u00a03\u2003")).toBe(3); // non-ASCII spaces become spaces, then stripped
    expect(parsePythonFloat("\u0663.\u0665")).toBe(3.5); // Arabic-Indic digits
    expect(parsePythonFloat("\uff11\uff12")).toBe(12); // full-width digits
    expect(parsePythonFloat("nan")).toBeNaN();
    expect(parsePythonFloat("-Infinity")).toBe(-Infinity);
    expect(parsePythonFloat("iNF")).toBe(Infinity);
  });

  it("rejects what float() rejects", () => {
    for (const bad of ["3 stars", "", " ", "1__0", "_1", "1_", "0x10", "1e", ".", "+-3", "infinit", "\x1c3", "3\uFEFF", "five"]) {
      expect(parsePythonFloat(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("int() takes digits with single underscores and a sign, nothing else", () => {
    expect(parsePythonInt(" 007 ")).toBe(7);
    expect(parsePythonInt("+5")).toBe(5);
    expect(parsePythonInt("1_2")).toBe(12);
    expect(parsePythonInt("1.0")).toBeNull();
    expect(parsePythonInt("")).toBeNull();
    expect(parsePythonInt("1__2")).toBeNull();
  });
});
