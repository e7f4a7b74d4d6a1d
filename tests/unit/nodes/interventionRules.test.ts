import { describe, expect, it } from "vitest";
import { budgetRule, checkRules, interventionRulesSchema, stagesReached, type RuleContext } from "../../../server/nodes/interventionRules";
import { countPhrases } from "../../../server/metrics/failureModes/textFeatures";
import { DEFAULT_HESITATION_MARKERS, DEFAULT_PROFILE_MENTION_MARKERS } from "../../../server/metrics/failureModes/params";
import { voteOnAnswers } from "../../../server/nodes/selfReference";

// Defaults: budget 1024 model-written reasoning tokens (a hard limit), 300 tokens per stage,
// hesitation 3 markers in the model's text since the last hesitation injection (at most 256 tokens).
const rules = interventionRulesSchema.parse({});
const HEADERS = ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"];
const withStages: RuleContext = { format: "exactly one of: a, b", stageHeaders: HEADERS };
const noStages: RuleContext = { format: "a single integer from 1 to 5", stageHeaders: [] };

type State = Parameters<typeof checkRules>[1];
const calm = "The user reads about elections and budgets.";
function state(over: Partial<State> = {}): State {
  return { reasoning: calm, modelTokens: 10, hesitationWindow: calm, tokensSinceStage: 0, softInterventionsLeft: 3, ...over };
}

describe("checkRules: each rule fires exactly at its threshold", () => {
  it("budget: at maxReasoningTokens, not one token before; closes the reasoning", () => {
    expect(checkRules(rules, state({ modelTokens: 1023 }), noStages)).toBeNull();
    expect(checkRules(rules, state({ modelTokens: 1024 }), noStages)).toEqual({
      rule: "budget",
      injection: "I have reasoned enough. The answer must be a single integer from 1 to 5.",
      closeThink: true,
    });
    const small = interventionRulesSchema.parse({ budget: { maxReasoningTokens: 16 } });
    expect(checkRules(small, state({ modelTokens: 15 }), noStages)).toBeNull();
    expect(checkRules(small, state({ modelTokens: 16 }), noStages)?.rule).toBe("budget");
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
    expect(checkRules(rules, state({ hesitationWindow: two, reasoning: two }), noStages)).toBeNull();
    expect(checkRules(rules, state({ hesitationWindow: three, reasoning: three }), noStages)).toEqual({
      rule: "hesitation",
      injection:
        "Enough deliberation. I will follow my plan, use the past items above and commit to one answer in the allowed format (a single integer from 1 to 5).",
      closeThink: false,
    });
    // Only the window (model text since the last hesitation injection) is counted, not the whole reasoning.
    expect(checkRules(rules, state({ reasoning: three, hesitationWindow: calm }), noStages)).toBeNull();
  });

  it("hesitation and stage stop once maxInterventions soft thoughts were injected; the budget never does", () => {
    const three = "wait hmm alternatively";
    expect(checkRules(rules, state({ hesitationWindow: three, softInterventionsLeft: 1 }), noStages)?.rule).toBe("hesitation");
    expect(checkRules(rules, state({ hesitationWindow: three, softInterventionsLeft: 0 }), noStages)).toBeNull();
    expect(checkRules(rules, state({ tokensSinceStage: 300, softInterventionsLeft: 0 }), withStages)).toBeNull();
    expect(checkRules(rules, state({ modelTokens: 1024, softInterventionsLeft: 0 }), noStages)?.rule).toBe("budget");
    expect(budgetRule(rules, 1023, noStages)).toBeNull();
    expect(budgetRule(rules, 1024, noStages)?.closeThink).toBe(true);
  });

  it("default injected texts contain no hesitation marker and no profile mention", () => {
    const texts = [rules.hesitation.injection, rules.stages.injection, rules.budget.injection].map((t) => t.replaceAll("{{format}}", "a label"));
    for (const text of texts) {
      expect(countPhrases(text, DEFAULT_HESITATION_MARKERS)).toBe(0);
      expect(countPhrases(text, DEFAULT_PROFILE_MENTION_MARKERS)).toBe(0);
    }
  });

  it("markers are whole words, case-insensitive, multi-word markers across any whitespace", () => {
    // "awaited", "hmmm", "alternatives", "waiting" contain markers but are other words: 0 markers.
    const lookalikes = "awaited hmmm alternatives waiting";
    expect(checkRules(rules, state({ hesitationWindow: lookalikes }), noStages)).toBeNull();
    const spaced = "WAIT. On second\nthought... HOLD ON";
    expect(checkRules(rules, state({ hesitationWindow: spaced }), noStages)?.rule).toBe("hesitation");
  });

  it("a disabled rule never fires", () => {
    const off = interventionRulesSchema.parse({ budget: { enabled: false }, stages: { enabled: false }, hesitation: { enabled: false } });
    expect(checkRules(off, state({ modelTokens: 5000, tokensSinceStage: 5000, hesitationWindow: "wait wait wait wait" }), withStages)).toBeNull();
  });
});

describe("checkRules: precedence budget > stage > hesitation", () => {
  const hesitant = "wait hmm alternatively wait";
  it("budget wins when all three hold", () => {
    const s = state({ modelTokens: 1024, tokensSinceStage: 300, hesitationWindow: hesitant });
    expect(checkRules(rules, s, withStages)?.rule).toBe("budget");
  });
  it("stage wins over hesitation", () => {
    const s = state({ modelTokens: 500, tokensSinceStage: 300, hesitationWindow: hesitant });
    expect(checkRules(rules, s, withStages)?.rule).toBe("stage");
  });
  it("hesitation fires alone once the stage is not overstayed", () => {
    const s = state({ modelTokens: 500, tokensSinceStage: 299, hesitationWindow: hesitant });
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
