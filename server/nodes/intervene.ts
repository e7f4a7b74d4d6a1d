import { defineNode } from "./defineNode";
import { generationParamsSchema } from "./generationParams";
import { interventionRulesSchema } from "./interventionRules";
import { generateWithInterventions, interventionRunFor } from "./reasoningIntervention";

export const interveneNode = defineNode({
  kind: "intervene",
  version: 1,
  title: "Reasoning intervention (RPI)",
  category: "intervention",
  description:
    "ReaPer's reasoning-process intervention: streams the generation, checks the reasoning at checkpoints (hesitation loops, a stage of the template overstayed, the reasoning budget) and, when a rule fires, stops, appends a corrective thought and continues the same turn. Needs an endpoint that can continue an assistant turn.",
  inputs: [
    { name: "example", type: "example", description: "The example (for the allowed output format)." },
    { name: "messages", type: "messages", description: "The prompt (HRT stage headers are read from it)." },
  ],
  outputs: [{ name: "completion", type: "completion", description: "The final output, with every intervention listed." }],
  params: generationParamsSchema.extend({ rules: interventionRulesSchema.prefault({}) }),
  async run(inputs, p, ctx) {
    return { completion: await generateWithInterventions(interventionRunFor(inputs, p, p.rules, ctx)) };
  },
});
