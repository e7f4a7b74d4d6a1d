import { describe, expect, it } from "vitest";
import { checkRules, interventionRulesSchema, stagesReached, type RuleContext } from "../../../server/nodes/interventionRules";
import { voteOnAnswers } from "../../../server/nodes/selfReference";

// Defaults: budget 1024 reasoning tokens, 300 tokens per stage, hesitation 3 markers in a 256-token
// window, re-armed 256 / 2 = 128 tokens after it last fired.
const rules = interventionRulesSchema.parse({});
const HEADERS = ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"];
const withStages: RuleContext = { format: "exactly one of: a, b", stageHeaders: HEADERS };
const noStages: RuleContext = { format: "a single integer from 1 to 5", stageHeaders: [] };

type State = Parameters<typeof checkRules>[1];
const calm = "The user reads about elections and budgets.";
function state(over: Partial<State> = {}): State {
  return { reasoning: calm, reasoningTokens: 10, recentTail: calm, tokensSinceStage: 0, firedHesitationAt: Number.NEGATIVE_INFINITY, ...over };
}

describe("checkRules: each rule fires exactly at its threshold", () => {
  it("budget: at maxReasoningTokens, not one token before; closes the reasoning", () => {
    expect(checkRules(rules, state({ reasoningTokens: 1023 }), noStages)).toBeNull();
    expect(checkRules(rules, state({ reasoningTokens: 1024 }), noStages)).toEqual({
      rule: "budget",
      injection: "I have reasoned enough. The answer must be a single integer from 1 to 5.",
      closeThink: true,
    });
    const small = interventionRulesSchema.parse({ budget: { maxReasoningTokens: 16 } });
    expect(checkRules(small, state({ reasoningTokens: 15 }), noStages)).toBeNull();
    expect(checkRules(small, state({ reasoningTokens: 16 }), noStages)?.rule).toBe("budget");
  });

  it("stage: after tokensPerStage tokens in a stage, injects the NEXT stage's header", () => {
    const inStage1 = `${HEADERS[0]}: the task asks for a category.`;
    expect(checkRules(rules, state({ reasoning: inStage1, tokensSinceStage: 299 }), withStages)).toBeNull();
    expect(checkRules(rules, state({ reasoning: inStage1, tokensSinceStage: 300 }), withStages)).toEqual({
      rule: "stage",
      injection: `${HEADERS[1]}:`,
      closeThink: false,
    });
    // Nothing reached yet: the first header is the one to move to.
    expect(checkRules(rules, state({ reasoning: calm, tokensSinceStage: 300 }), withStages)?.injection).toBe(`${HEADERS[0]}:`);
    // Every stage reached: the stage rule has nothing left to push, however long the last stage runs.
    const all = HEADERS.join(" ... ");
    expect(checkRules(rules, state({ reasoning: all, tokensSinceStage: 900 }), withStages)).toBeNull();
    // Without stage headers (no HRT prompt) the rule never fires.
    expect(checkRules(rules, state({ tokensSinceStage: 900 }), noStages)).toBeNull();
  });

  it("hesitation: at `threshold` markers in the recent window, not one fewer", () => {
    const two = "Wait, maybe sports. Hmm, or politics.";
    const three = "Wait, maybe sports. Hmm, or politics. Alternatively crime.";
    expect(checkRules(rules, state({ recentTail: two, reasoning: two }), noStages)).toBeNull();
    expect(checkRules(rules, state({ recentTail: three, reasoning: three }), noStages)).toEqual({
      rule: "hesitation",
      injection:
        "I keep second-guessing. I will follow my plan: rely on the user's past items and commit to one answer in the allowed format (a single integer from 1 to 5).",
      closeThink: false,
    });
    // Only the recent tail is counted, not the whole reasoning.
    expect(checkRules(rules, state({ reasoning: three, recentTail: calm }), noStages)).toBeNull();
  });

  it("hesitation: re-armed windowTokens / 2 = 128 tokens after it last fired", () => {
    const three = "wait hmm alternatively";
    expect(checkRules(rules, state({ recentTail: three, reasoningTokens: 227, firedHesitationAt: 100 }), noStages)).toBeNull();
    expect(checkRules(rules, state({ recentTail: three, reasoningTokens: 228, firedHesitationAt: 100 }), noStages)?.rule).toBe("hesitation");
  });

  it("markers are whole words, case-insensitive, multi-word markers across any whitespace", () => {
    // "awaited", "hmmm", "alternatives", "waiting" contain markers but are other words: 0 markers.
    const lookalikes = "awaited hmmm alternatives waiting";
    expect(checkRules(rules, state({ recentTail: lookalikes }), noStages)).toBeNull();
    const spaced = "WAIT. On second\nthought... HOLD ON";
    expect(checkRules(rules, state({ recentTail: spaced }), noStages)?.rule).toBe("hesitation");
  });

  it("a disabled rule never fires", () => {
    const off = interventionRulesSchema.parse({ budget: { enabled: false }, stages: { enabled: false }, hesitation: { enabled: false } });
    expect(checkRules(off, state({ reasoningTokens: 5000, tokensSinceStage: 5000, recentTail: "wait wait wait wait" }), withStages)).toBeNull();
  });
});

describe("checkRules: precedence budget > stage > hesitation", () => {
  const hesitant = "wait hmm alternatively wait";
  it("budget wins when all three hold", () => {
    const s = state({ reasoningTokens: 1024, tokensSinceStage: 300, recentTail: hesitant });
    expect(checkRules(rules, s, withStages)?.rule).toBe("budget");
  });
  it("stage wins over hesitation", () => {
    const s = state({ reasoningTokens: 500, tokensSinceStage: 300, recentTail: hesitant });
    expect(checkRules(rules, s, withStages)?.rule).toBe("stage");
  });
  it("hesitation fires alone once the stage is not overstayed", () => {
    const s = state({ reasoningTokens: 500, tokensSinceStage: 299, recentTail: hesitant });
    expect(checkRules(rules, s, withStages)?.rule).toBe("hesitation");
  });
});

describe("stagesReached", () => {
  it("counts headers only in template order, case-insensitively", () => {
    const [a, b, c] = HEADERS;
    expect(stagesReached("", HEADERS)).toBe(0);
    expect(stagesReached(`${a}: x`, HEADERS)).toBe(1);
    expect(stagesReached(`${a.toUpperCase()} x ${b.toLowerCase()} y`, HEADERS)).toBe(2);
    expect(stagesReached(`${a} ${b} ${c}`, HEADERS)).toBe(3);
    // Stage 2 before stage 1: only stage 1 counts (stage 2 is not found after it).
    expect(stagesReached(`${b} then ${a}`, HEADERS)).toBe(1);
    // A skipped stage stops the count: stage 3 after stage 1 without stage 2 is not counted.
    expect(stagesReached(`${a} then ${c}`, HEADERS)).toBe(1);
  });
});

describe("voteOnAnswers", () => {
  it("majority wins and reports the first candidate that gave it", () => {
    expect(voteOnAnswers(["[1]", "[2]", "[2]"])).toEqual({ winner: "[2]", index: 1, votes: 2 });
  });
  it("a tie goes to the answer that appeared first", () => {
    expect(voteOnAnswers(["a", "b"])).toEqual({ winner: "a", index: 0, votes: 1 });
    expect(voteOnAnswers(["b", "a", "a", "b"])).toEqual({ winner: "b", index: 0, votes: 2 });
    expect(voteOnAnswers(["c", "a", "b", "a", "b"])).toEqual({ winner: "a", index: 1, votes: 2 });
  });
  it("answers are compared exactly (extraction normalizes them before the vote)", () => {
    expect(voteOnAnswers(["Politics", "politics", "politics"])).toEqual({ winner: "politics", index: 1, votes: 2 });
  });
});
