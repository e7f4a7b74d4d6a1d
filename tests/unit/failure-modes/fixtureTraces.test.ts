// Hand-written R1-style traces, each with the value of every signal it is about worked out by hand
// in the comments. They pin down what the signals measure: only what the model wrote, each SRM
// candidate on its own, recaps of the profile are no decisions, and words of the task are no use
// of the profile.
import { describe, expect, it } from "vitest";
import { computeFailureSignals, type FailureSignalInput, type FailureSignals } from "../../../server/metrics/failureModes/itemSignals";
import { countO200kTokens } from "../../../server/metrics/failureModes/tokenCount";
import { modelTextOf, type ReasoningTrace, type TraceSpan, type TraceThread } from "../../../server/llm/reasoningTrace";
import { LAMP2_MOVIE_LABELS } from "../../../server/lamp/officialLabels";
import type { OutputFormatSpec } from "../../../server/metrics/failureModes/formatSpec";

const MOVIE: OutputFormatSpec = { kind: "label", labels: [...LAMP2_MOVIE_LABELS] };
const RATING: OutputFormatSpec = { kind: "rating" };
const HEADERS = ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"];

/** A one-call thread of model text, with `tokens` reasoning tokens as the tokenizer counts them. */
function modelThread(text: string, answer: string, role: TraceThread["role"] = "main", index = 0): TraceThread {
  return {
    role,
    index,
    spans: [{ source: "model", text, call: 0 }],
    calls: [{ kind: "first", reasoningTokens: countO200kTokens(text), tokenSource: "tokenizer", finishReason: "stop" }],
    answer,
  };
}

function judge(gold: string): FailureSignalInput["gold"] {
  return { isCorrect: (answer) => answer.trim() === gold, isGoldCandidate: (value) => value === gold };
}

function movieInput(trace: ReasoningTrace, answer: string, over: Partial<FailureSignalInput> = {}): FailureSignalInput {
  return {
    spec: MOVIE,
    input: "Which tag does this movie relate to among the following tags? Just answer with the tag name without further explanation. description: Robots rise against the city that built them.",
    trace,
    rawAnswer: answer,
    retrievedItems: [],
    ...over,
  };
}

/** Tokens of `text` up to (not including) `marker`: the T̂ of a thought that ends where `marker` starts. */
function tokensBefore(text: string, marker: string): number {
  const at = text.indexOf(marker);
  if (at === -1) throw new Error(`"${marker}" is not in the trace`);
  return countO200kTokens(text.slice(0, at));
}

describe("a dithering trace (LaMP-2): the candidate it leans to changes four times", () => {
  const text = [
    "Okay, the movie is about a robot uprising in a future city. The user tagged similar films before.",
    "I think this is sci-fi.",
    "Wait, the robots rebel against their makers, so it could be dystopia.",
    "Hmm, but there are many explosions, so action fits too.",
    "Actually, sci-fi is the safest.",
    "Alternatively, dystopia again.",
    "I'll go with dystopia.",
  ].join("\n");
  const s = computeFailureSignals(movieInput({ threads: [modelThread(text, "dystopia")] }, "dystopia", { gold: judge("dystopia") }));

  it("switches, markers, mentions", () => {
    // Labels in order: sci-fi, dystopia, action, sci-fi, dystopia, dystopia -> collapsed to five, 4 switches, 3 distinct.
    expect(s.candidateSwitches).toBe(4);
    expect(s.distinctCandidates).toBe(3);
    // "Wait", "Hmm", "Actually", "Alternatively".
    expect(s.hesitationMarkers).toBe(4);
    expect(s.hesitationRate).toBeCloseTo((4 / countO200kTokens(text)) * 100, 12);
    // "The user".
    expect(s.profileMentions).toBe(1);
    expect(s.reasoningTokens).toBe(countO200kTokens(text));
    expect(s.reasoningTokenSource).toBe("tokenizer");
  });

  it("outcome efficiency: the answer (dystopia) is first reached by the second thought", () => {
    // Thoughts start at "Wait", "Hmm", "Actually", "Alternatively": the second thought ("Wait, ...
    // dystopia.") is the first whose decision is the gold; it ends where "Hmm" starts.
    const firstCorrect = tokensBefore(text, "Hmm,");
    expect(s.tokensToFirstCorrect).toBe(firstCorrect);
    expect(s.outcomeEfficiency).toBeCloseTo(firstCorrect / countO200kTokens(text), 12);
    expect(s.underthinking).toBeNull(); // defined for wrong answers only
  });
});

describe("a trace whose first thought is correct and later switches away (underthinking)", () => {
  const text = [
    "This movie is a satire of office life, so comedy fits best.",
    "Wait, the boss is murdered at the end.",
    "Alternatively, it is dark comedy.",
    "I'll answer dark comedy.",
  ].join("\n");
  const s = computeFailureSignals(movieInput({ threads: [modelThread(text, "dark comedy")] }, "dark comedy", { gold: judge("comedy") }));

  it("1 - T̂/T with T̂ the tokens of the first (correct) thought; outcome efficiency 0", () => {
    // Thought 1 (decision: comedy = gold) ends where "Wait" starts; the answer is wrong.
    const firstCorrect = tokensBefore(text, "Wait,");
    expect(s.tokensToFirstCorrect).toBe(firstCorrect);
    expect(s.underthinking).toBeCloseTo(1 - firstCorrect / countO200kTokens(text), 12);
    expect(s.outcomeEfficiency).toBe(0);
    // "dark comedy" is one label, not also "comedy": comedy, dark comedy -> 1 switch.
    expect(s.candidateSwitches).toBe(1);
  });

  it("a wrong answer no thought got right has underthinking 0; text tasks leave the three undefined", () => {
    const never = computeFailureSignals(movieInput({ threads: [modelThread("It is action. I'll answer action.", "action")] }, "action", { gold: judge("comedy") }));
    expect([never.underthinking, never.tokensToFirstCorrect, never.outcomeEfficiency]).toEqual([0, null, 0]);
    const text = computeFailureSignals({ ...movieInput({ threads: [modelThread("A headline.", "x")] }, "x"), spec: { kind: "text" }, gold: null });
    expect([text.underthinking, text.tokensToFirstCorrect, text.outcomeEfficiency]).toEqual([null, null, null]);
  });
});

describe("a clean HRT trace that recaps the items' labels", () => {
  const text = [
    `${HEADERS[0]}: I must pick exactly one tag from the list for the new movie.`,
    `${HEADERS[1]}: [1] was tagged sci-fi. [2] was tagged dystopia. [3] was tagged sci-fi again. The user keeps tagging control and surveillance stories as dystopia.`,
    `${HEADERS[2]}: The new movie is about a surveillance state, so the tag is dystopia.`,
  ].join("\n");
  const input = movieInput({ threads: [modelThread(text, "dystopia")] }, "dystopia", { stageHeaders: HEADERS });

  it("mentions inside the profile-synthesis stage are a recap: 0 switches, one candidate", () => {
    // Only stage 3 decides: dystopia. (Counting the recap: sci-fi, dystopia, sci-fi, dystopia, dystopia -> 3 switches.)
    const s = computeFailureSignals(input);
    expect(s.candidateSwitches).toBe(0);
    expect(s.distinctCandidates).toBe(1);
    expect(s.stageAdherence).toBe(1);
    expect(s.hesitationMarkers).toBe(0);
    // "The user" once; the "profile" of the stage-2 header is the template's word, not a mention.
    expect(s.profileMentions).toBe(1);
  });

  it("without stage headers, sentences that cite an item by number are still a recap", () => {
    // Sentences with [1], [2], [3] are skipped; "The user keeps tagging ... as dystopia." and stage 3 remain.
    const s = computeFailureSignals({ ...input, stageHeaders: undefined });
    expect(s.candidateSwitches).toBe(0);
    expect(s.distinctCandidates).toBe(1);
  });
});

describe("a rating dither written as bare numbers (LaMP-3)", () => {
  const text = "The review praises the food but complains about the slow service. I'd say 5… no, 4… maybe 3… 4.";
  const s = computeFailureSignals({
    spec: RATING,
    input: "What is the score of the following review on a scale of 1 to 5? just answer with 1, 2, 3, 4, or 5 without further explanation. review: Great food, slow service.",
    trace: { threads: [modelThread(text, "4")] },
    rawAnswer: "4",
    retrievedItems: [],
    gold: judge("4"),
  });

  it("each clause of a digit and decision words is a candidate: 5, 4, 3, 4", () => {
    // Clauses "I'd say 5", "no, 4", "maybe 3", "4": 3 switches over 3 distinct ratings.
    expect(s.candidateSwitches).toBe(3);
    expect(s.distinctCandidates).toBe(3);
  });

  it("the scale listed in ascending order is no decision; item and stage numbers are no ratings", () => {
    const listing = computeFailureSignals({
      spec: RATING,
      input: "x",
      trace: { threads: [modelThread("I must answer with 1, 2, 3, 4, or 5. Stage 3 follows. Item 2 was rated highly. So 4.", "4")] },
      rawAnswer: "4",
      retrievedItems: [],
    });
    // "1, 2, 3, 4, or 5" lists the scale; "Stage 3" is not a decision clause; the "Item 2" sentence
    // is a recap; "So 4." decides: one candidate, no switch.
    expect(listing.candidateSwitches).toBe(0);
    expect(listing.distinctCandidates).toBe(1);
  });
});

describe("a profile-ignoring trace that copies the input (LaMP-7)", () => {
  const input = "Paraphrase the following tweet without any explanation before or after it: I can't believe the game went to overtime again tonight.";
  const items = [
    { id: "t1", text: "Coffee first, then the long drive to the mountains." },
    // Shares "game" with the input, and nothing else with the trace.
    { id: "t2", text: "Great game versus the Hawks yesterday." },
  ];
  const text = "The tweet says: I can't believe the game went to overtime again tonight. I will rephrase it keeping the game and the overtime.";
  const s = computeFailureSignals({
    spec: { kind: "text" },
    input,
    trace: { threads: [modelThread(text, "Can't believe tonight's game went to overtime again.")] },
    rawAnswer: "Can't believe tonight's game went to overtime again.",
    retrievedItems: items,
  });

  it("no item is used: words an item shares with the input say nothing about the profile", () => {
    // t2's content words: great, game, hawk, yesterday; "game" is the input's, so its distinctive
    // words are great, hawk, yesterday, none in the trace (counting "game" it would be 1/4 = 25%, "used").
    expect(s.itemCoverage).toBe(0);
    expect(s.usedItemIds).toEqual([]);
    expect(s.itemUsage.map((u) => [u.itemId, u.overlap, u.usedBy])).toEqual([
      ["t1", 0, 0],
      ["t2", 0, 0],
    ]);
    // Every answer word is the input's: nothing personal reached the answer.
    expect(s.answerGrounding).toBe(0);
    expect(s.profileMentions).toBe(0);
  });
});

describe("an RPI trace with each kind of injection", () => {
  // What the model wrote, in three stretches; between them the pipeline injected a hesitation
  // thought, a forced stage header, and the budget's closing thought. The injected texts are
  // written to move every signal (markers, profile mentions, a stage header, a label).
  const model = [
    `${HEADERS[0]}: pick one tag. The movie follows a hacker in a simulated world. Wait, maybe sci-fi. Hmm, or action. Alternatively, thought-provoking.`,
    "The hacker fights agents of the machines, which is sci-fi.",
    "The user tags such films sci-fi.",
  ];
  const injected: Array<Extract<TraceSpan, { source: "injected" }>> = [
    { source: "injected", text: "\n\nWait, I keep second-guessing; the user's history says dystopia.\n", call: 1, rule: "hesitation", atToken: 40 },
    { source: "injected", text: `\n\n${HEADERS[1]}:\n`, call: 2, rule: "stage", atToken: 70 },
    { source: "injected", text: "\n\nHmm, time is up, the user's answer must be dystopia.\n", call: 3, rule: "budget", atToken: 90 },
  ];
  const spans: TraceSpan[] = [
    { source: "model", text: model[0]!, call: 0 },
    injected[0]!,
    { source: "model", text: model[1]!, call: 1 },
    injected[1]!,
    { source: "model", text: model[2]!, call: 2 },
    injected[2]!,
  ];
  const calls = model.map((m, i) => ({ kind: i === 0 ? ("first" as const) : ("continuation" as const), reasoningTokens: countO200kTokens(m), tokenSource: "tokenizer" as const, finishReason: "intervention" }));
  calls.push({ kind: "continuation", reasoningTokens: 0, tokenSource: "tokenizer", finishReason: "stop" });
  const thread: TraceThread = { role: "main", index: 0, spans, calls, answer: "sci-fi" };
  const withInjections = computeFailureSignals(movieInput({ threads: [thread] }, "sci-fi", { stageHeaders: HEADERS }));
  const modelOnly = computeFailureSignals(movieInput({ threads: [modelThread(modelTextOf(thread), "sci-fi")] }, "sci-fi", { stageHeaders: HEADERS }));

  const READ_FROM_TEXT: Array<keyof FailureSignals> = [
    "reasoningTokens", "visibleReasoningTokens", "hesitationMarkers", "hesitationRate", "candidateSwitches", "distinctCandidates",
    "stageAdherence", "offTrackRatio", "profileMentions", "itemCoverage",
  ];

  it("every reasoning signal equals that of the same trace without the injected spans", () => {
    for (const key of READ_FROM_TEXT) expect(withInjections[key], key).toEqual(modelOnly[key]);
    // By hand: markers Wait, Hmm, Alternatively (3); profile mentions "The user" (1); stages: only
    // stage 1's header is the model's (1 of 3); labels sci-fi, action, thought-provoking, sci-fi, sci-fi -> 3 switches.
    expect(withInjections.hesitationMarkers).toBe(3);
    expect(withInjections.profileMentions).toBe(1);
    expect(withInjections.stageAdherence).toBeCloseTo(1 / 3, 12);
    expect(withInjections.candidateSwitches).toBe(3);
  });

  it("the injections are their own signal: count per rule, injected tokens, positions", () => {
    expect(withInjections.interventionCount).toBe(3);
    expect(withInjections.interventionsByRule).toEqual({ hesitation: 1, stage: 1, budget: 1 });
    expect(withInjections.interventionPositions).toEqual([40, 70, 90]);
    expect(withInjections.injectedTokens).toBe(injected.reduce((sum, span) => sum + countO200kTokens(span.text), 0));
    expect(withInjections.reasoningTokens).toBe(model.reduce((sum, m) => sum + countO200kTokens(m), 0));
  });
});

describe("an SRM item with three candidates and a synthesis", () => {
  const candidates = [
    modelThread("The user loves dystopia. Wait, dystopia it is.", "dystopia", "candidate", 0),
    modelThread("Sci-fi fits. Hmm, the user tags control stories dystopia, so dystopia.", "dystopia", "candidate", 1),
    modelThread("This is action. Hmm, wait, maybe sci-fi. I pick sci-fi.", "sci-fi", "candidate", 2),
  ];
  const synthesis: TraceThread = {
    role: "synthesis",
    index: 0,
    spans: [{ source: "model", text: "Two of three say dystopia.", call: 0 }],
    calls: [{ kind: "first", reasoningTokens: 9, tokenSource: "provider", finishReason: "stop" }],
    answer: "dystopia",
  };
  const s = computeFailureSignals(movieInput({ threads: [...candidates, synthesis] }, "dystopia", { gold: judge("dystopia") }));

  it("per-candidate values, by hand", () => {
    // Markers: 1 (Wait), 1 (Hmm), 2 (Hmm, wait). Switches: dystopia -> 0; sci-fi, dystopia -> 1; action, sci-fi, sci-fi -> 1.
    expect(s.candidateSignals!.map((c) => [c.hesitationMarkers, c.candidateSwitches, c.profileMentions, c.answer, c.agrees])).toEqual([
      [1, 0, 1, "dystopia", true],
      [1, 1, 1, "dystopia", true],
      [2, 1, 0, "sci-fi", false],
    ]);
  });

  it("the item's signals are the candidates' means; agreement 2/3; the synthesis apart; tokens the sum of all calls", () => {
    expect(s.candidateCount).toBe(3);
    expect(s.candidateAgreement).toBeCloseTo(2 / 3, 12);
    expect(s.hesitationMarkers).toBeCloseTo(4 / 3, 12);
    expect(s.candidateSwitches).toBeCloseTo(2 / 3, 12);
    expect(s.profileMentions).toBeCloseTo(2 / 3, 12);
    expect(s.synthesisSignals).toMatchObject({ reasoningTokens: 9, hesitationMarkers: 0, candidateSwitches: 0, answer: "dystopia" });
    const candidateTokens = candidates.map((c) => c.calls[0]!.reasoningTokens);
    expect(s.reasoningTokens).toBe(candidateTokens.reduce((a, b) => a + b, 0) + 9);
    expect(s.reasoningTokenSource).toBe("mixed");
    expect(s.reasoningTokensByCall.map((c) => [c.thread, c.tokens])).toEqual([
      ["candidate 1", candidateTokens[0]],
      ["candidate 2", candidateTokens[1]],
      ["candidate 3", candidateTokens[2]],
      ["synthesis", 9],
    ]);
  });
});
