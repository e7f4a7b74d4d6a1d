import { describe, expect, it } from "vitest";
import {
  addStringAfterTitle,
  extractAfter,
  extractStringsBetweenQuotes,
  pythonSplit,
  pythonStrip,
} from "../../../server/lamp/pythonText";

describe("extractStringsBetweenQuotes (LaMP/prompts/utils.py)", () => {
  it("returns the texts between successive pairs of double quotes", () => {
    // Quote 1 opens, 2 closes "a b", 3 opens, 4 closes "", 5 opens, 6 closes "c".
    expect(extractStringsBetweenQuotes('x "a b" y "" z "c"')).toEqual(["a b", "", "c"]);
  });
  it("drops a final unclosed quote and knows no escapes", () => {
    expect(extractStringsBetweenQuotes('"a\\" b" " "open')).toEqual(["a\\", " "]);
  });
});

describe("extractAfter (extract_after_article and siblings)", () => {
  it("slices after the first occurrence and strips", () => {
    expect(extractAfter("x article:  one article: two \n", "article:")).toBe("one article: two");
  });
  it("returns null when the marker is absent", () => {
    expect(extractAfter("no marker here", "review:")).toBeNull();
  });
});

describe("addStringAfterTitle", () => {
  it('inserts ", and " + text right after the first "title", even inside a longer word', () => {
    expect(addStringAfterTitle("the subtitle and the title", '"A"')).toBe('the subtitle, and "A" and the title');
  });
  it("leaves an input without 'title' unchanged", () => {
    expect(addStringAfterTitle("no heading", '"A"')).toBe("no heading");
  });
});

describe("Python whitespace", () => {
  it("strip keeps \\uFEFF (not Python whitespace) and removes \\x1c and \\x85 (Python whitespace)", () => {
    expect(pythonStrip("\x1c\x85 a b\u3000\n")).toBe("a b");
    expect(pythonStrip("\uFEFFa")).toBe("\uFEFFa");
  });
  it("split drops empty ends and splits on runs", () => {
    expect(pythonSplit("  a \t\n b\u00a0c  ")).toEqual(["a", "b", "c"]);
    expect(pythonSplit(" \n ")).toEqual([]);
  });
});
