import { z } from "zod";
import type { CompletionValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { generationParamsSchema, toGenerationParams } from "./generationParams";
import { singleCallThread } from "../llm/reasoningTrace";

export const generateNode = defineNode({
  kind: "generate",
  version: 1,
  title: "Generate",
  category: "generation",
  description:
    "One model call on an OpenAI-compatible endpoint (or a local GGUF model). Returns the reasoning trace (reasoning_content, reasoning or <think> tags), the answer text, token usage and latency.",
  inputs: [{ name: "messages", type: "messages", description: "The prompt." }],
  outputs: [{ name: "completion", type: "completion", description: "Reasoning, answer, usage, latency." }],
  params: generationParamsSchema.extend({
    stream: z.boolean().default(false).describe("Stream tokens (shows live text in the run view); results are the same."),
  }),
  async run(inputs, p, ctx) {
    const prompt = inputs.messages;
    const llm = ctx.services.llm(p.endpoint);
    const params = toGenerationParams(p, ctx.seed);
    const opts = { signal: ctx.signal };
    let completion: CompletionValue;
    if (prompt.assistantPrefix || p.stream) {
      const stream = prompt.assistantPrefix
        ? llm.continueAssistant(prompt.messages, prompt.assistantPrefix, params, opts)
        : llm.stream(prompt.messages, params, opts);
      let final: CompletionValue | null = null;
      for await (const event of stream) {
        if (event.type === "result") final = event.result;
        else if (event.type !== "restart") ctx.emit({ type: "partial", nodeId: ctx.nodeId, text: event.text, channel: event.type });
      }
      if (!final) throw new Error("The model stream ended without a result.");
      completion = final;
    } else {
      completion = await llm.complete(prompt.messages, params, opts);
    }
    return { completion: { ...completion, trace: { threads: [singleCallThread(completion)] } } };
  },
});
