import { describe, expect, it } from "vitest";
import { DEFAULT_FAILURE_MODE_PARAMS } from "../../../server/metrics/failureModes/params";
import {
  answerGrounding,
  explicitItemReferences,
  itemCoverage,
  profileMentions,
  type RetrievedItemText,
} from "../../../server/metrics/failureModes/retrievalUtilization";

const items: RetrievedItemText[] = [
  // Content words: turnout, soar, elect, voter, record (turnout twice, counted once): 5 distinct.
  { id: "a", title: "Turnout Soars", text: "Election voters turnout record" },
  // pizza, recip, chees, basil: 4 distinct.
  { id: "b", text: "pizza recipe with cheese and basil" },
  // quarterli, earn, beat, expect: 4 distinct.
  { id: "c", text: "Quarterly earnings beat expectations" },
];

describe("explicitItemReferences", () => {
  const text = "Item 2 and items 3, 4 and 5 matter; review #6 too, see [7] and #8. I'd give this review 4 stars.";

  it("reads noun, bracket and hash references, lists included, but not ratings", () => {
    // "review 4 stars" talks about a rating, so 4 comes only from "items 3, 4 and 5".
    expect([...explicitItemReferences(text)].sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it("uses only the enabled forms", () => {
    const nounsOnly = explicitItemReferences(text, { ...DEFAULT_FAILURE_MODE_PARAMS, explicitReferenceForms: ["noun"] });
    expect([...nounsOnly].sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6]);
  });
});

describe("itemCoverage", () => {
  const reasoning = "The user previously wrote about election turnout. Item 3 is about finance.";
  const answer = "Voters rush polls";

  it("counts items used by word overlap or by explicit reference", () => {
    // Reasoning + answer content words include elect, turnout, voter.
    // a: 3 of 5 words = 0.6 >= 0.2 -> used. b: 0 of 4 -> unused. c: 0 of 4 but "Item 3" -> used.
    const result = itemCoverage(items, reasoning, answer);
    expect(result.coverage).toBeCloseTo(2 / 3, 12);
    expect(result.usedItemIds).toEqual(["a", "c"]);
    expect(result.items.map((usage) => [usage.overlap, usage.explicitlyReferenced])).toEqual([
      [0.6, false],
      [0, false],
      [0, true],
    ]);
  });

  it("applies the overlap threshold from the params", () => {
    // At 0.7, item a (0.6) no longer counts; only the explicit reference to item 3 remains: 1 of 3.
    const result = itemCoverage(items, reasoning, answer, { ...DEFAULT_FAILURE_MODE_PARAMS, itemUseMinOverlap: 0.7 });
    expect(result.usedItemIds).toEqual(["c"]);
    expect(result.coverage).toBeCloseTo(1 / 3, 12);
  });

  it("counts a quoted title as a reference", () => {
    const papers: RetrievedItemText[] = [
      { id: "p1", title: "Deep Nets for Tagging", text: "We study neural taggers on five corpora." },
      { id: "p2", title: "Graph Kernels", text: "A survey of kernels on graphs." },
    ];
    // The quoted span contains the title of p1 (case ignored); p2 shares no words.
    const result = itemCoverage(papers, 'They wrote \u201cdeep nets for tagging, revisited\u201d last year.', "Title");
    expect(result.usedItemIds).toEqual(["p1"]);
    expect(result.coverage).toBe(0.5);
  });

  it("is null without retrieved items", () => {
    expect(itemCoverage([], "anything", "x").coverage).toBeNull();
  });
});

describe("answerGrounding", () => {
  const input = "Generate a headline for the following article: Voters rush to the polls in Ohio";

  it("is the share of answer words found in the items and not in the input", () => {
    // Answer words: turnout, soar, voter, rush, poll (5). In the items: turnout, soar, voter.
    // voter is also in the input, so only turnout and soar are personal: 2 / 5.
    expect(answerGrounding("Turnout soars as voters rush polls", items, [input])).toBeCloseTo(0.4, 12);
  });

  it("is null without items or without answer content words", () => {
    expect(answerGrounding("Turnout soars", [], [input])).toBeNull();
    expect(answerGrounding("It is what it is", items, [input])).toBeNull();
  });
});

describe("profileMentions", () => {
  it("counts references to the user and their history, overlapping phrases once", () => {
    // "The user", "previously", "Their past" (not also "past reviews"), "they usually", "profile", "history": 6.
    const trace = "The user previously rated comedies highly. Their past reviews show they usually prefer drama. The profile history is short.";
    expect(profileMentions(trace)).toBe(6);
  });

  it("uses the given markers", () => {
    expect(profileMentions("The user, the user.", ["the user"])).toBe(2);
  });

  it("is null without a trace", () => {
    expect(profileMentions(" ")).toBeNull();
  });
});

describe("itemCoverage with an answer that reproduces a title", () => {
  it("counts the item whose title the answer copies, even though the title is a small share of its words", () => {
    // Item 1: 2 title words + many abstract words, so word overlap alone is far below 20%.
    const items = [
      {
        id: "a",
        title: "Sparse Retrieval Revisited",
        text: "We study lexical matching models across twelve benchmark collections, measuring robustness, latency, memory footprints and failure cases in detail.",
      },
      { id: "b", title: "Graph Neural Networks", text: "Message passing architectures for molecules and proteins." },
    ];
    const result = itemCoverage(items, "", "Sparse Retrieval Revisited");
    expect(result.items[0]).toMatchObject({ explicitlyReferenced: true, used: true });
    expect(result.items[1].used).toBe(false);
    expect(result.coverage).toBe(0.5);
  });
});
