import { z } from "zod";
// The same whole-word, case-insensitive phrase matching the hesitation-rate signal uses.
import { countPhrases } from "../metrics/failureModes/textFeatures";
import { MAX_TOKEN_COUNT } from "./generationParams";

/**
 * RPI (reasoning-process intervention) settings. The paper publishes no thresholds or injected
 * texts (LAMP.md 1.4), so every trigger and every corrective thought is a parameter; these
 * defaults follow its description: watch the stream, stop when it drifts from the template,
 * inject a corrective thought, continue. {{format}} and {{stageN}} are filled per example.
 */
// Default injected texts use no word of the hesitation or profile-mention lists, so that even a
// signal computed over the whole trace would not be moved by the intervention itself.
const HESITATION_INJECTION =
  "Enough deliberation. I will follow my plan, use the past items above and commit to one answer in the allowed format ({{format}}).";

export const interventionRulesSchema = z.object({
  checkEveryTokens: z
    .number()
    .int()
    .min(8).max(MAX_TOKEN_COUNT)
    .default(64)
    .describe("Checkpoint spacing: the rules are evaluated every N reasoning tokens (and at every paragraph break)."),
  maxInterventions: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(3)
    .describe("Most hesitation and stage thoughts injected into one generation; the budget is a hard limit that does not count against it."),
  hesitation: z
    .object({
      enabled: z.boolean().default(true),
      markers: z
        .array(z.string().min(1))
        .default(["wait", "hmm", "alternatively", "on second thought", "let me reconsider", "hold on", "or maybe", "but then again"])
        .describe("Hesitation phrases (case-insensitive, whole words)."),
      threshold: z.number().int().min(1).max(1_000).default(3).describe("Fire when this many markers appear within the window."),
      windowTokens: z
        .number()
        .int()
        .min(16).max(MAX_TOKEN_COUNT)
        .default(256)
        .describe("Window (the most recent model-written reasoning tokens) for counting markers; it restarts after each hesitation injection."),
      injection: z
        .string()
        .default(HESITATION_INJECTION)
        .describe("Corrective thought injected when the hesitation rule fires."),
    })
    .prefault({}),
  stages: z
    .object({
      enabled: z.boolean().default(true),
      tokensPerStage: z
        .number()
        .int()
        .min(16).max(MAX_TOKEN_COUNT)
        .default(300)
        .describe("A stage may run this many reasoning tokens; past that, the next stage's header is injected."),
      injection: z
        .string()
        .default("{{next}}:")
        .describe("Text injected to move on to the next stage; {{next}} is its header."),
    })
    .prefault({}),
  budget: z
    .object({
      enabled: z.boolean().default(true),
      maxReasoningTokens: z
        .number()
        .int()
        .min(16).max(MAX_TOKEN_COUNT)
        .default(1024)
        .describe("Hard limit on the model-written reasoning tokens of the whole trace (injected text not counted), checked at every token."),
      injection: z
        .string()
        .default("I have reasoned enough. The answer must be {{format}}.")
        .describe("Final thought injected when the budget is used up; the reasoning is then closed."),
      answerPrefix: z.string().default("").describe("Text placed right after </think> to start the answer (e.g. 'Answer:')."),
    })
    .prefault({}),
});

export type InterventionRules = z.output<typeof interventionRulesSchema>;

export type RuleContext = { format: string; stageHeaders: readonly string[] };

export type FiredRule =
  | { rule: "hesitation"; injection: string; closeThink: false }
  | { rule: "stage"; injection: string; closeThink: false }
  | { rule: "budget"; injection: string; closeThink: true };

/** Stage headers seen so far, in template order (a header counts once the text names it). */
export function stagesReached(reasoning: string, headers: readonly string[]): number {
  const lower = reasoning.toLowerCase();
  let from = 0;
  let reached = 0;
  for (const header of headers) {
    const at = lower.indexOf(header.toLowerCase(), from);
    if (at === -1) break;
    reached++;
    from = at + header.length;
  }
  return reached;
}

function fill(template: string, ctx: RuleContext, next = ""): string {
  return template
    .replaceAll("{{format}}", ctx.format)
    .replaceAll("{{next}}", next)
    .replace(/\{\{stage([1-9])\}\}/g, (_m, i: string) => ctx.stageHeaders[Number(i) - 1] ?? "");
}

/** What the rules look at, at a checkpoint of the stream. */
export type RuleState = {
  /** The reasoning so far, injected text included (stage headers count once they are there). */
  reasoning: string;
  /** Model-written reasoning tokens so far (the budget counts these). */
  modelTokens: number;
  /** Model-written text since the last hesitation injection (or the start), clipped to the window. */
  hesitationWindow: string;
  /** Model-written tokens since the last stage header appeared (or the start). */
  tokensSinceStage: number;
  /** Hesitation and stage injections still allowed (maxInterventions minus those made). */
  softInterventionsLeft: number;
};

/** The budget: a hard limit, checked at every delta and whatever the other rules have spent. */
export function budgetRule(rules: InterventionRules, modelTokens: number, ctx: RuleContext): FiredRule | null {
  if (!rules.budget.enabled || modelTokens < rules.budget.maxReasoningTokens) return null;
  return { rule: "budget", injection: fill(rules.budget.injection, ctx), closeThink: true };
}

/**
 * Decides at a checkpoint whether the trace has drifted. Order matters: the budget is a hard limit,
 * a skipped stage is fixed before hesitation (moving on usually ends the hesitating). The soft rules
 * (stage, hesitation) fire only while `softInterventionsLeft` > 0.
 */
export function checkRules(rules: InterventionRules, state: RuleState, ctx: RuleContext): FiredRule | null {
  const budget = budgetRule(rules, state.modelTokens, ctx);
  if (budget) return budget;
  if (state.softInterventionsLeft <= 0) return null;
  if (rules.stages.enabled && ctx.stageHeaders.length > 0) {
    const reached = stagesReached(state.reasoning, ctx.stageHeaders);
    if (reached < ctx.stageHeaders.length && state.tokensSinceStage >= rules.stages.tokensPerStage) {
      const next = ctx.stageHeaders[reached];
      return { rule: "stage", injection: fill(rules.stages.injection, ctx, next), closeThink: false };
    }
  }
  if (rules.hesitation.enabled && countPhrases(state.hesitationWindow, rules.hesitation.markers) >= rules.hesitation.threshold) {
    return { rule: "hesitation", injection: fill(rules.hesitation.injection, ctx), closeThink: false };
  }
  return null;
}
