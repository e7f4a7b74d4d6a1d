import { describe, expect, it } from "vitest";
import { computeFailureSignals, failureSignalsSchema, type FailureSignalInput } from "../../../server/metrics/failureModes/itemSignals";
import { countO200kTokens } from "../../../server/metrics/failureModes/tokenCount";

const LAMP2_TAGS = [
  "sci-fi", "based on a book", "comedy", "action", "twist ending", "dystopia", "dark comedy", "classic",
  "psychology", "fantasy", "romance", "thought-provoking", "social commentary", "violence", "true story",
];

const movieExample: FailureSignalInput = {
  spec: { kind: "label", labels: LAMP2_TAGS },
  input: `Which tag does this movie relate to among the following tags? Just answer with the tag name without further explanation. tags: [${LAMP2_TAGS.join(", ")}] description: A detective hunts a killer in a rainy city.`,
  reasoning: "The user likes action. Hmm, the movie could be a thriller, maybe dark comedy? I had pasta for lunch. Wait, item 1 shows the hitman fights. So action.",
  rawAnswer: "Answer: action",
  extractedAnswer: "action",
  retrievedItems: [
    { id: "p1", text: "A hitman fights a gang in the city" },
    { id: "p2", text: "Two friends bake cakes for a contest" },
  ],
  providerReasoningTokens: 57,
};

describe("computeFailureSignals on a movie-tagging (LaMP-2) item", () => {
  const signals = computeFailureSignals(movieExample);

  it("takes the provider's token count and rates hesitation on the visible text", () => {
    expect(signals.reasoningTokens).toBe(57);
    expect(signals.reasoningTokenSource).toBe("provider");
    expect(signals.visibleReasoningTokens).toBe(countO200kTokens(movieExample.reasoning!));
    // Markers: "Hmm" and "Wait" ("maybe" is not one): 2 per visible tokens, times 100.
    expect(signals.hesitationMarkers).toBe(2);
    expect(signals.hesitationRate).toBeCloseTo((2 / signals.visibleReasoningTokens) * 100, 12);
  });

  it("follows the candidate labels", () => {
    // action -> dark comedy -> action: 2 switches between 2 labels.
    expect(signals.candidateSwitches).toBe(2);
    expect(signals.distinctCandidates).toBe(2);
  });

  it("finds one off-track sentence of five", () => {
    // "The user likes action." (action is in the input), "... movie ... dark comedy?" (movie),
    // "Wait, item 1 shows the hitman fights." (hitman is in item p1) and "So action." are on track;
    // "I had pasta for lunch." shares nothing: 1 / 5.
    expect(signals.offTrackRatio).toBeCloseTo(0.2, 12);
    expect(signals.stageAdherence).toBeNull();
  });

  it("judges the raw answer a preamble that extraction recovered", () => {
    expect(signals.rawValid).toBe(false);
    expect(signals.misalignmentKind).toBe("preamble");
    expect(signals.extractedValid).toBe(true);
    expect(signals.extractedMisalignmentKind).toBe("none");
    expect(signals.recovered).toBe(true);
  });

  it("measures retrieval use", () => {
    // p1: hitman, fight, gang, citi -> hitman and fight are used (2/4 = 0.5), and "item 1" names it.
    // p2: two, friend, bake, cake, contest -> none used. Coverage 1 / 2.
    expect(signals.retrievedItemCount).toBe(2);
    expect(signals.itemCoverage).toBe(0.5);
    expect(signals.usedItemIds).toEqual(["p1"]);
    // A label answer has no grounding; "The user" is the only profile mention.
    expect(signals.answerGrounding).toBeNull();
    expect(signals.profileMentions).toBe(1);
  });

  it("is a valid, JSON-serialisable signals object", () => {
    expect(failureSignalsSchema.parse(JSON.parse(JSON.stringify(signals)))).toEqual(signals);
  });

  it("applies parameter overrides", () => {
    // With "action" as the only hesitation marker, the trace has 2 of them.
    expect(computeFailureSignals(movieExample, { hesitationMarkers: ["action"] }).hesitationMarkers).toBe(2);
    // With a 60% overlap threshold p1 (50%) is still used through "item 1".
    expect(computeFailureSignals(movieExample, { itemUseMinOverlap: 0.6 }).usedItemIds).toEqual(["p1"]);
  });
});

describe("computeFailureSignals on a citation (LaMP-1) item", () => {
  const citationExample: FailureSignalInput = {
    spec: { kind: "label", labels: ["[1]", "[2]"] },
    input: 'For an author who has written the paper with the title "Sparse codes", which reference is related? Just answer with [1] or [2] without explanation. [1]: "Dense retrieval" [2]: "Sparse coding theory"',
    reasoning: "Reference [2] matches item 1 closely. [2] it is.",
    rawAnswer: "[2]",
    retrievedItems: [
      { id: "p1", text: "zebra migration patterns" },
      { id: "p2", text: "quantum error correction" },
    ],
  };

  it("does not read the bracket labels as item numbers", () => {
    // "[2]" is an answer label here, so only "item 1" references an item: 1 of 2 items.
    const signals = computeFailureSignals(citationExample);
    expect(signals.usedItemIds).toEqual(["p1"]);
    expect(signals.itemCoverage).toBe(0.5);
    // [2] then [2]: one candidate, no switch.
    expect(signals.candidateSwitches).toBe(0);
    expect(signals.rawValid).toBe(true);
    expect(signals.extractedValid).toBeNull();
    expect(signals.recovered).toBeNull();
  });
});

describe("computeFailureSignals on a headline (LaMP-4) item without visible reasoning", () => {
  const signals = computeFailureSignals({
    spec: { kind: "text" },
    input: "Generate a headline for the following article: Voters rush to the polls in Ohio",
    reasoning: "",
    rawAnswer: "Turnout soars as voters rush polls",
    retrievedItems: [{ id: "a", title: "Turnout Soars", text: "Election voters turnout record" }],
  });

  it("leaves every reasoning signal empty", () => {
    expect(signals.reasoningTokens).toBe(0);
    expect(signals.reasoningTokenSource).toBe("tokenizer");
    expect(signals.hesitationMarkers).toBeNull();
    expect(signals.hesitationRate).toBeNull();
    expect(signals.candidateSwitches).toBeNull();
    expect(signals.stageAdherence).toBeNull();
    expect(signals.offTrackRatio).toBeNull();
    expect(signals.profileMentions).toBeNull();
  });

  it("still judges format and retrieval use from the answer", () => {
    expect(signals.rawValid).toBe(true);
    expect(signals.misalignmentKind).toBe("none");
    // Item a: turnout, soar, voter of its 5 words appear in the answer (0.6): used.
    expect(signals.itemCoverage).toBe(1);
    // Answer words turnout, soar, voter, rush, poll; turnout and soar are in the item and not the input: 2 / 5.
    expect(signals.answerGrounding).toBeCloseTo(0.4, 12);
  });
});

describe("computeFailureSignals with HRT stages", () => {
  it("scores stage adherence and counts the headers as instruction text", () => {
    const signals = computeFailureSignals({
      spec: { kind: "rating" },
      input: "What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: Great blender, loud motor.",
      reasoning: "Requirement analysis: one digit. Response generation: I'd rate it a 4.",
      rawAnswer: "4",
      retrievedItems: [],
      stageHeaders: ["Requirement analysis", "User-profile synthesis", "Response generation"],
    });
    // Stages 1 and 3 appear, in order: 2 of 3.
    expect(signals.stageAdherence).toBeCloseTo(2 / 3, 12);
    // Sentence 1 (requir, analysi, one, digit) shares words with the headers; sentence 2 (respons,
    // generat, rate, 4) shares "4" with the input and the headers' "response": none off track.
    expect(signals.offTrackRatio).toBe(0);
    expect(signals.candidateSwitches).toBe(0);
    expect(signals.itemCoverage).toBeNull();
    expect(signals.answerGrounding).toBeNull();
  });
});
