import { z } from "zod";
// The same whole-word, case-insensitive phrase matching the hesitation-rate signal uses.
import { countPhrases } from "../metrics/failureModes/textFeatures";

/**
 * RPI (reasoning-process intervention) settings. The paper publishes no thresholds or injected
 * texts (LAMP.md 1.4), so every trigger and every corrective thought is a parameter; these
 * defaults follow its description: watch the stream, stop when it drifts from the template,
 * inject a corrective thought, continue. {{format}} and {{stageN}} are filled per example.
 */
export const interventionRulesSchema = z.object({
  checkEveryTokens: z
    .number()
    .int()
    .min(8)
    .default(64)
    .describe("Checkpoint spacing: the rules are evaluated every N reasoning tokens (and at every paragraph break)."),
  maxInterventions: z.number().int().min(0).max(20).default(3).describe("Most corrective thoughts injected into one generation."),
  hesitation: z
    .object({
      enabled: z.boolean().default(true),
      markers: z
        .array(z.string().min(1))
        .default(["wait", "hmm", "alternatively", "on second thought", "let me reconsider", "hold on", "or maybe", "but then again"])
        .describe("Hesitation phrases (case-insensitive, whole words)."),
      threshold: z.number().int().min(1).default(3).describe("Fire when this many markers appear within the window."),
      windowTokens: z.number().int().min(16).default(256).describe("Window (in reasoning tokens, most recent) for counting markers."),
      injection: z
        .string()
        .default("I keep second-guessing. I will follow my plan: rely on the user's past items and commit to one answer in the allowed format ({{format}}).")
        .describe("Corrective thought injected when the hesitation rule fires."),
    })
    .prefault({}),
  stages: z
    .object({
      enabled: z.boolean().default(true),
      tokensPerStage: z
        .number()
        .int()
        .min(16)
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
      maxReasoningTokens: z.number().int().min(16).default(1024).describe("Reasoning-token budget for the whole trace."),
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

/**
 * Decides at a checkpoint whether the trace has drifted. Order matters: the budget is a hard limit,
 * a skipped stage is fixed before hesitation (moving on usually ends the hesitating).
 * `recentTail` is the reasoning of the last `windowTokens` tokens; `tokensSinceStage` counts the
 * tokens since the last stage header appeared (or since the start).
 */
export function checkRules(
  rules: InterventionRules,
  state: { reasoning: string; reasoningTokens: number; recentTail: string; tokensSinceStage: number; firedHesitationAt: number },
  ctx: RuleContext,
): FiredRule | null {
  if (rules.budget.enabled && state.reasoningTokens >= rules.budget.maxReasoningTokens) {
    return { rule: "budget", injection: fill(rules.budget.injection, ctx), closeThink: true };
  }
  if (rules.stages.enabled && ctx.stageHeaders.length > 0) {
    const reached = stagesReached(state.reasoning, ctx.stageHeaders);
    if (reached < ctx.stageHeaders.length && state.tokensSinceStage >= rules.stages.tokensPerStage) {
      const next = ctx.stageHeaders[reached];
      return { rule: "stage", injection: fill(rules.stages.injection, ctx, next), closeThink: false };
    }
  }
  if (rules.hesitation.enabled && state.reasoningTokens - state.firedHesitationAt >= rules.hesitation.windowTokens / 2) {
    if (countPhrases(state.recentTail, rules.hesitation.markers) >= rules.hesitation.threshold) {
      return { rule: "hesitation", injection: fill(rules.hesitation.injection, ctx), closeThink: false };
    }
  }
  return null;
}
