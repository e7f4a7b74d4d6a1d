import { z } from "zod";
import { defineNode } from "./defineNode";
import { generationParamsSchema, MAX_TOKEN_COUNT } from "./generationParams";
import { interventionRulesSchema } from "./interventionRules";
import { generateWithInterventions, interventionRunFor } from "./reasoningIntervention";

export const thinkBudgetNode = defineNode({
  kind: "think-budget",
  version: 1,
  title: "Think budget",
  category: "intervention",
  description:
    "Caps the reasoning: when the trace reaches the budget, the thinking is closed with a final thought and an optional answer prefix, and the model must answer. Needs an endpoint that can continue an assistant turn.",
  inputs: [
    { name: "example", type: "example", description: "The example (for the allowed output format)." },
    { name: "messages", type: "messages", description: "The prompt." },
  ],
  outputs: [{ name: "completion", type: "completion", description: "The output, with the early stop listed when it happened." }],
  params: generationParamsSchema.extend({
    budgetTokens: z.number().int().min(16).max(MAX_TOKEN_COUNT).default(512).describe("Reasoning tokens allowed before thinking is stopped."),
    closingThought: z
      .string()
      .default("Time is up. The answer must be {{format}}.")
      .describe("Thought appended before </think>; {{format}} is the allowed output."),
    answerPrefix: z.string().default("").describe("Text placed right after </think> to start the answer."),
    checkEveryTokens: z.number().int().min(8).max(MAX_TOKEN_COUNT).default(32).describe("How often (in reasoning tokens) the budget is checked."),
  }),
  async run(inputs, p, ctx) {
    const rules = interventionRulesSchema.parse({
      checkEveryTokens: p.checkEveryTokens,
      maxInterventions: 1,
      hesitation: { enabled: false },
      stages: { enabled: false },
      budget: { enabled: true, maxReasoningTokens: p.budgetTokens, injection: p.closingThought, answerPrefix: p.answerPrefix },
    });
    const completion = await generateWithInterventions(interventionRunFor(inputs, p, rules, ctx));
    return { completion };
  },
});
