import type { MessagesValue, ExampleValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { generationParamsSchema, toGenerationParams } from "./generationParams";
import { interventionRulesSchema } from "./interventionRules";
import { generateWithInterventions } from "./reasoningIntervention";
import { describeOutputFormat, taskOf } from "./taskOf";

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
    const prompt = inputs.messages as MessagesValue;
    const task = taskOf(inputs.example as ExampleValue);
    const completion = await generateWithInterventions({
      llm: ctx.services.llm(p.endpoint),
      messages: prompt.messages,
      assistantPrefix: prompt.assistantPrefix,
      params: toGenerationParams(p, ctx.seed),
      rules: p.rules,
      ruleContext: { format: describeOutputFormat(task), stageHeaders: prompt.stageHeaders },
      signal: ctx.signal,
      nodeId: ctx.nodeId,
      emit: ctx.emit,
      cache: ctx.services.resultCache,
    });
    return { completion };
  },
});
