import { describe, expect, it } from "vitest";
import {
  contentWords,
  countPhrases,
  countWords,
  findPhrases,
  splitSentences,
  startsWithPhrase,
  tokenizeWords,
} from "../../../server/metrics/failureModes/textFeatures";

describe("splitSentences", () => {
  it("ends sentences at line breaks and at . ! ? followed by space, dropping punctuation-only lines", () => {
    // "---" has no letter or digit, so it is not a sentence; "4.5" has no space after the dot.
    expect(splitSentences("Okay. So the user likes comedy! Really?\n- bullet one\n---\nThe score is 4.5 stars.")).toEqual([
      "Okay.",
      "So the user likes comedy!",
      "Really?",
      "- bullet one",
      "The score is 4.5 stars.",
    ]);
  });

  it("returns nothing for empty text", () => {
    expect(splitSentences("  \n\n ")).toEqual([]);
  });
});

describe("tokenizeWords and countWords", () => {
  it("lowercases, keeps inner apostrophes (curly folded to straight) and drops punctuation", () => {
    expect(tokenizeWords("Don\u2019t PANIC: sci-fi, [1]!")).toEqual(["don't", "panic", "sci", "fi", "1"]);
  });

  it("counts whitespace-separated words", () => {
    expect(countWords("  City council approves\nbudget ")).toBe(4);
    expect(countWords("   ")).toBe(0);
  });
});

describe("contentWords", () => {
  it("drops stopwords and possessive 's, then Porter-stems", () => {
    // the -> stopword; user's -> user; past -> past; reviews -> review; don't -> stopword;
    // mention -> mention; running -> run; headlines -> headlin (Porter removes the final e).
    expect(contentWords("The user's past reviews don't mention running headlines")).toEqual([
      "user", "past", "review", "mention", "run", "headlin",
    ]);
  });

  it("treats reasoning fillers as stopwords", () => {
    expect(contentWords("Okay, hmm, wait. Well, maybe.")).toEqual([]);
  });

  it("uses a custom stopword list when given", () => {
    // With only "user" as a stopword, "the" becomes a content word and "user" disappears.
    expect(contentWords("the user", ["user"])).toEqual(["the"]);
  });
});

describe("findPhrases", () => {
  it("matches whole words only, case-insensitively", () => {
    // "waiting" and "awaits" contain "wait" but are other words.
    expect(countPhrases("Waiting... WAIT. He awaits. wait", ["wait"])).toBe(2);
  });

  it("matches multi-word phrases across any whitespace and lets the longest overlapping phrase win", () => {
    const matches = findPhrases("On second\nthought, but then again maybe", ["second thought", "on second thought", "then again", "but then again"]);
    expect(matches.map((match) => match.phrase)).toEqual(["on second thought", "but then again"]);
  });

  it("matches phrases that start or end with punctuation, such as bracket labels", () => {
    expect(findPhrases("Reference [1] fits, not [2].", ["[1]", "[2]"]).map((match) => match.phrase)).toEqual(["[1]", "[2]"]);
  });

  it("reports the phrase as listed, with offsets", () => {
    expect(findPhrases("so Hold On now", ["hold on"])).toEqual([{ phrase: "hold on", index: 3, end: 10 }]);
  });

  it("finds nothing for an empty list", () => {
    expect(findPhrases("anything", [])).toEqual([]);
  });
});

describe("startsWithPhrase", () => {
  it("detects an opener after leading markdown, and only at the start", () => {
    expect(startsWithPhrase("**Headline:** Storm hits", ["headline:"])).toBe("headline:");
    expect(startsWithPhrase("Storm hits. Headline: none", ["headline:"])).toBeNull();
  });
});
