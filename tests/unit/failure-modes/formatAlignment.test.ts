import { describe, expect, it } from "vitest";
import {
  checkAnswerFormat,
  isRecovered,
  misalignmentKind,
  MISALIGNMENT_KINDS,
  plausibleLengthRange,
  rawValid,
} from "../../../server/metrics/failureModes/formatAlignment";
import type { OutputFormatSpec } from "../../../server/metrics/failureModes/formatSpec";
import { DEFAULT_FAILURE_MODE_PARAMS } from "../../../server/metrics/failureModes/params";

const movieTags: OutputFormatSpec = { kind: "label", labels: ["comedy", "dark comedy", "based on a book", "action"] };
const citation: OutputFormatSpec = { kind: "label", labels: ["[1]", "[2]"] };
const rating: OutputFormatSpec = { kind: "rating" };
const headline: OutputFormatSpec = { kind: "text" };

describe("precedence", () => {
  it("is documented in this order", () => {
    expect(MISALIGNMENT_KINDS).toEqual(["empty", "reasoning_leak", "preamble", "multi_line", "extra_text", "outside_label_set", "length_off", "none"]);
  });

  it("reports reasoning_leak before preamble", () => {
    // Both a "Sure" opener and a "let me think" leak: the leak wins.
    expect(misalignmentKind("Sure! Let me think... comedy", movieTags)).toBe("reasoning_leak");
  });

  it("reports preamble before multi_line", () => {
    expect(misalignmentKind("Sure.\ncomedy", movieTags)).toBe("preamble");
  });

  it("reports multi_line before extra_text", () => {
    // A label plus an explanation on its own line: both multi_line and extra_text apply.
    expect(misalignmentKind("comedy\nThe user likes comedies.", movieTags)).toBe("multi_line");
  });

  it("reports extra_text before length_off for generated text", () => {
    // One word in quotes: too short and wrapped; wrapping comes first.
    expect(misalignmentKind('"Budget"', headline)).toBe("extra_text");
  });

  it("reports empty before anything else", () => {
    expect(misalignmentKind("  ...  ", movieTags)).toBe("empty");
    expect(misalignmentKind("", headline)).toBe("empty");
  });
});

describe("label answers", () => {
  it("are valid exactly as a label after strip", () => {
    expect(checkAnswerFormat("  comedy \n", movieTags)).toEqual({ valid: true, kind: "none" });
    expect(rawValid("[2]", citation)).toBe(true);
  });

  it("are valid even when the label starts like a preamble", () => {
    // "based on" is a preamble marker, but the whole answer is a label.
    expect(rawValid("based on a book", movieTags)).toBe(true);
    // With a trailing period it is a label plus extra text, still not a preamble.
    expect(misalignmentKind("based on a book.", movieTags)).toBe("extra_text");
  });

  it("flag leaked reasoning tags", () => {
    expect(misalignmentKind("<think>the user likes comedy</think> comedy", movieTags)).toBe("reasoning_leak");
    expect(misalignmentKind("comedy </think>", movieTags)).toBe("reasoning_leak");
  });

  it("flag a field-label preamble", () => {
    expect(misalignmentKind("Answer: comedy", movieTags)).toBe("preamble");
    expect(misalignmentKind("Tag: [1]", citation)).toBe("preamble");
  });

  it("flag a label with other characters as extra_text", () => {
    expect(misalignmentKind("comedy.", movieTags)).toBe("extra_text");
    expect(misalignmentKind('"comedy"', movieTags)).toBe("extra_text");
    expect(misalignmentKind("I'd say comedy", movieTags)).toBe("extra_text");
    expect(misalignmentKind("[1].", citation)).toBe("extra_text");
  });

  it("flag a case-only variant and an unknown label as outside_label_set", () => {
    // The official evaluator matches exactly, so "Comedy" is as wrong as "horror".
    expect(misalignmentKind("Comedy", movieTags)).toBe("outside_label_set");
    expect(misalignmentKind("horror", movieTags)).toBe("outside_label_set");
    expect(misalignmentKind("1", citation)).toBe("outside_label_set");
  });
});

describe("rating answers", () => {
  it("are valid as one digit 1-5", () => {
    expect(rawValid(" 4 ", rating)).toBe(true);
  });

  it("flag a score with other text as extra_text", () => {
    expect(misalignmentKind("4.", rating)).toBe("extra_text");
    expect(misalignmentKind("4/5", rating)).toBe("extra_text");
    expect(misalignmentKind("4 stars", rating)).toBe("extra_text");
  });

  it("flag anything without an integer 1-5 as outside_label_set", () => {
    expect(misalignmentKind("4.5", rating)).toBe("outside_label_set");
    expect(misalignmentKind("four", rating)).toBe("outside_label_set");
    expect(misalignmentKind("6", rating)).toBe("outside_label_set");
  });

  it("flag a rating preamble", () => {
    expect(misalignmentKind("Rating: 4", rating)).toBe("preamble");
  });
});

describe("text answers", () => {
  it("are valid as one plain line of plausible length", () => {
    expect(checkAnswerFormat("City Council Approves School Budget", headline)).toEqual({ valid: true, kind: "none" });
  });

  it("flag openers and field labels", () => {
    expect(misalignmentKind("Here is a headline: City Council Approves Budget", headline)).toBe("preamble");
    expect(misalignmentKind("Headline: City Council Approves Budget", headline)).toBe("preamble");
  });

  it("flag wrapping quotes, markdown emphasis and explanations as extra_text", () => {
    expect(misalignmentKind("\u201cCity Council Approves Budget\u201d", headline)).toBe("extra_text");
    expect(misalignmentKind("**City Council Approves Budget**", headline)).toBe("extra_text");
    expect(misalignmentKind("City Council Approves Budget (this headline reflects the user's style)", headline)).toBe("extra_text");
  });

  it("does not treat a quotation inside the text as wrapping", () => {
    expect(rawValid('"Listen" is the album I love most', headline)).toBe(true);
  });

  it("flag a second line", () => {
    expect(misalignmentKind("City Council Approves Budget\nSchools win", headline)).toBe("multi_line");
  });

  it("flag implausible lengths against the default bounds", () => {
    // Defaults: 2 to 60 words. One word is too short, 61 words too long.
    expect(misalignmentKind("Budget", headline)).toBe("length_off");
    expect(misalignmentKind(Array.from({ length: 61 }, () => "word").join(" "), headline)).toBe("length_off");
    expect(rawValid(Array.from({ length: 60 }, () => "word").join(" "), headline)).toBe(true);
  });

  it("judges length against a reference length when given", () => {
    // Reference 10 words, tolerance 3: plausible range [floor(10/3), ceil(10*3)] = [3, 30].
    const spec: OutputFormatSpec = { kind: "text", referenceLength: 10 };
    expect(misalignmentKind("Council approves", spec)).toBe("length_off");
    expect(rawValid("Council approves budget", spec)).toBe(true);
  });

  it("lets explicit bounds win", () => {
    const spec: OutputFormatSpec = { kind: "text", minWords: 1, maxWords: 3, referenceLength: 10 };
    expect(rawValid("Budget", spec)).toBe(true);
    expect(misalignmentKind("Council approves new budget", spec)).toBe("length_off");
  });

  it("uses the marker lists from the params", () => {
    // Without preamble markers, "Answer: comedy" is just a label with extra text.
    expect(misalignmentKind("Answer: comedy", movieTags, { ...DEFAULT_FAILURE_MODE_PARAMS, preambleMarkers: [] })).toBe("extra_text");
  });
});

describe("plausibleLengthRange", () => {
  it("derives bounds from the reference length and tolerance", () => {
    expect(plausibleLengthRange({ kind: "text", referenceLength: 10 })).toEqual({ minWords: 3, maxWords: 30 });
    // Reference 2: floor(2/3) = 0, raised to 1; ceil(2*3) = 6.
    expect(plausibleLengthRange({ kind: "text", referenceLength: 2 })).toEqual({ minWords: 1, maxWords: 6 });
    expect(plausibleLengthRange({ kind: "text" })).toEqual({ minWords: 2, maxWords: 60 });
  });
});

describe("isRecovered", () => {
  it("is true only when the raw answer was invalid and the extracted one is valid", () => {
    const invalid = checkAnswerFormat("Answer: comedy", movieTags);
    const valid = checkAnswerFormat("comedy", movieTags);
    expect(isRecovered(invalid, valid)).toBe(true);
    expect(isRecovered(valid, valid)).toBe(false);
    expect(isRecovered(invalid, invalid)).toBe(false);
    expect(isRecovered(invalid, null)).toBeNull();
  });
});
