import { describe, expect, it } from "vitest";
import {
  candidateSwitches,
  hesitationRate,
  labelMentions,
  offTrackRatio,
  ratingMentions,
  reasoningTokens,
  stageAdherence,
} from "../../../server/metrics/failureModes/divergence";
import { DEFAULT_FAILURE_MODE_PARAMS, DEFAULT_RATING_CUE_WORDS } from "../../../server/metrics/failureModes/params";

describe("reasoningTokens", () => {
  it("prefers the provider's count", () => {
    expect(reasoningTokens("wait wait", 123)).toEqual({ count: 123, source: "provider" });
  });

  it("falls back to the o200k_base tokenizer on the visible text", () => {
    // Each repetition of the common word "wait" (with its leading space) is one o200k token.
    expect(reasoningTokens("wait wait wait wait", null)).toEqual({ count: 4, source: "tokenizer" });
    expect(reasoningTokens("", undefined)).toEqual({ count: 0, source: "tokenizer" });
  });

  it("ignores a provider count that is not a finite non-negative number", () => {
    expect(reasoningTokens("wait wait wait wait", Number.NaN).source).toBe("tokenizer");
    expect(reasoningTokens("wait wait wait wait", -1).source).toBe("tokenizer");
  });
});

describe("hesitationRate", () => {
  const trace = "Hmm, the tag is comedy. Wait, maybe action. Actually, on second thought, comedy.";

  it("counts markers per 100 visible tokens", () => {
    // Markers: "Hmm", "Wait", "Actually", "on second thought" = 4 ("maybe" is not a marker).
    // With 40 tokens: 4 / 40 * 100 = 10.
    expect(hesitationRate(trace, DEFAULT_FAILURE_MODE_PARAMS.hesitationMarkers, 40)).toBe(10);
  });

  it("uses the given marker list", () => {
    // Only "comedy" is a marker now, twice: 2 / 40 * 100 = 5.
    expect(hesitationRate(trace, ["comedy"], 40)).toBe(5);
  });

  it("is null without a visible trace", () => {
    expect(hesitationRate("   ")).toBeNull();
  });

  it("defaults the denominator to the tokenizer count", () => {
    // "wait wait wait wait": 4 markers in 4 tokens = 100 per 100 tokens.
    expect(hesitationRate("wait wait wait wait")).toBe(100);
  });
});

describe("candidateSwitches for label tasks", () => {
  const labels = ["comedy", "dark comedy", "action", "classic"];

  it("follows the labels in order, skipping a sentence that lists the options", () => {
    const trace = [
      "The tags are comedy, action, dark comedy and classic.", // 4 distinct labels >= 3: a list of options, skipped
      "The movie seems like a comedy.", // comedy
      "No wait, it feels like dark comedy.", // dark comedy (longest label wins, not also "comedy")
      "Hmm, the fights suggest action.", // action
      "I will answer dark comedy.", // dark comedy
    ].join(" ");
    // Sequence comedy -> dark comedy -> action -> dark comedy: 3 changes, 3 distinct labels.
    expect(candidateSwitches(trace, { kind: "label", labels })).toEqual({
      sequence: ["comedy", "dark comedy", "action", "dark comedy"],
      switches: 3,
      distinct: 3,
    });
  });

  it("collapses repeated mentions and treats a binary choice as a list", () => {
    // "Is it [1] or [2]?" names both labels: min(3, 2) = 2 distinct, so it is skipped.
    // Then [1], [1], [2] collapses to [1] -> [2]: one switch.
    const trace = "Is it [1] or [2]? Reference [1] shares the topic. Reference [1] again. Hmm, [2] is closer.";
    expect(candidateSwitches(trace, { kind: "label", labels: ["[1]", "[2]"] })).toEqual({ sequence: ["[1]", "[2]"], switches: 1, distinct: 2 });
  });

  it("reports the label as listed even when the trace uses another case", () => {
    expect(labelMentions("COMEDY it is.", ["comedy"], 3)).toEqual(["comedy"]);
  });

  it("is zero when no label is named", () => {
    expect(candidateSwitches("No idea yet.", { kind: "label", labels })).toEqual({ sequence: [], switches: 0, distinct: 0 });
  });
});

describe("candidateSwitches for rating tasks", () => {
  it("reads scores in rating context only", () => {
    const trace = [
      "Answer with 1, 2, 3, 4, or 5.", // five distinct bare digits >= 3: the scale, skipped
      "I'd rate it a 4.", // cue "rate" -> 4
      "Maybe 5 stars?", // "5 stars" -> 5
      "I'll go with 4/5.", // cue "go with" and "4/5" find the same digit once -> 4
      "Item 2 was rated highly.", // no digit after the cue "rated"; "Item 2" has no cue before it
    ].join(" ");
    expect(ratingMentions(trace, DEFAULT_RATING_CUE_WORDS, 3)).toEqual(["4", "5", "4"]);
    // 4 -> 5 -> 4: two switches between two distinct scores.
    expect(candidateSwitches(trace, { kind: "rating" })).toEqual({ sequence: ["4", "5", "4"], switches: 2, distinct: 2 });
  });

  it("does not read a range such as 1 to 5 as a rating", () => {
    expect(ratingMentions("On a scale of 1 to 5, give a score from 1-5.", DEFAULT_RATING_CUE_WORDS, 3)).toEqual([]);
  });

  it("does not read either digit of a decimal as a rating", () => {
    // Neither "4" (followed by ".5") nor "5 stars" (preceded by "4.") is a 1-5 score.
    expect(ratingMentions("I'd give it 4.5 stars.", DEFAULT_RATING_CUE_WORDS, 3)).toEqual([]);
  });

  it("accepts number words in star and out-of-five phrases", () => {
    expect(ratingMentions("Four stars. Then three out of five.", DEFAULT_RATING_CUE_WORDS, 3)).toEqual(["4", "3"]);
  });
});

describe("candidateSwitches is undefined", () => {
  it("for text tasks and for an empty trace", () => {
    expect(candidateSwitches("Maybe a headline about storms.", { kind: "text" })).toBeNull();
    expect(candidateSwitches("", { kind: "label", labels: ["a"] })).toBeNull();
  });
});

describe("stageAdherence", () => {
  const headers = ["Requirement analysis", "User-profile synthesis", "Response generation"];

  it("is 1 when every header appears in order, whatever the case and markdown", () => {
    const trace = "## Requirement Analysis\nThe task wants a tag.\n**User profile synthesis:** likes comedy.\n### Response generation\ncomedy";
    expect(stageAdherence(trace, headers)).toBe(1);
  });

  it("counts the longest in-order subsequence of stages", () => {
    // Occurrences by position: stage 3, stage 1, stage 2. Longest increasing run: 1, 2 -> 2 of 3.
    const trace = "Response generation first. Then requirement analysis. Then user profile synthesis.";
    expect(stageAdherence(trace, headers)).toBeCloseTo(2 / 3, 12);
  });

  it("may use any occurrence of a header", () => {
    // Stages by position: 2, 1, 2, 3. Using the second occurrence of stage 2 gives 1, 2, 3 -> 3 of 3.
    const trace = "User profile synthesis. Requirement analysis. User profile synthesis. Response generation.";
    expect(stageAdherence(trace, headers)).toBe(1);
  });

  it("counts a repeated single stage once", () => {
    // Only stage 1 appears (twice): 1 of 3.
    expect(stageAdherence("Requirement analysis... requirement analysis again.", headers)).toBeCloseTo(1 / 3, 12);
  });

  it("is null without stages or without a trace", () => {
    expect(stageAdherence("Requirement analysis", undefined)).toBeNull();
    expect(stageAdherence("Requirement analysis", ["##"])).toBeNull();
    expect(stageAdherence("", headers)).toBeNull();
  });
});

describe("offTrackRatio", () => {
  const input = "Generate a headline for the following article: City council approves new budget for schools";

  it("is the share of sentences with content words that share none with the references", () => {
    const trace = [
      "The article is about the council budget.", // articl, council, budget: all in the input -> on track
      "Okay.", // no content word: not counted
      "I love pizza and sunny beaches.", // love, pizza, sunni, beach: none in the input -> off track
      "The headline should mention schools.", // headlin, school in the input -> on track
    ].join(" ");
    // 1 off-track sentence of 3 counted.
    expect(offTrackRatio(trace, [input])).toBeCloseTo(1 / 3, 12);
  });

  it("counts the retrieved items as references", () => {
    // "pizza" now occurs in a reference text, so no sentence is off track.
    expect(offTrackRatio("I love pizza.", [input, "Best pizza in town"])).toBe(0);
  });

  it("is null when no sentence has a content word", () => {
    expect(offTrackRatio("Hmm. Okay, wait.", [input])).toBeNull();
    expect(offTrackRatio("", [input])).toBeNull();
  });
});
