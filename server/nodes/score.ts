import { z } from "zod";
import { scoreExample, type ExampleScore } from "../metrics/lamp/officialEvaluation";
import { computeFailureSignals } from "../metrics/failureModes/itemSignals";
import { failureModeParamsOverridesSchema } from "../metrics/failureModes/params";
import type { OutputFormatSpec } from "../metrics/failureModes/formatSpec";
import type { LampTaskSpec } from "../lamp/tasks";
import type { ItemsValue, ScoresValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { PROFILE_OUTPUT_FIELD, taskOf } from "./taskOf";
import { countWords } from "../metrics/failureModes/textFeatures";

/** The valid-answer format of a task; text tasks expect about the length of the user's own past outputs. */
export function formatSpecFor(task: LampTaskSpec, items: ItemsValue | undefined): OutputFormatSpec {
  if (task.output.kind === "label") return { kind: "label", labels: [...task.output.labels] };
  if (task.output.kind === "rating") return { kind: "rating" };
  const field = PROFILE_OUTPUT_FIELD[task.key];
  const lengths = (items?.items ?? [])
    .map((r) => (field ? countWords(String(r.item[field] ?? "")) : 0))
    .filter((n) => n > 0);
  return lengths.length > 0 ? { kind: "text", referenceLength: lengths.reduce((a, b) => a + b, 0) / lengths.length } : { kind: "text" };
}

/** The per-example values worth charting: what the official corpus metric averages. */
export function metricValues(score: ExampleScore): Record<string, number> {
  switch (score.kind) {
    case "label":
      return { correct: score.correct };
    case "rating":
      return { absoluteError: score.absoluteError, squaredError: score.squaredError };
    case "text":
      return { rouge1: score.rouge1, rougeL: score.rougeL };
  }
}

export const scoreNode = defineNode({
  kind: "score",
  version: 1,
  title: "Score",
  category: "scoring",
  description:
    "Scores the answer with the task's official LaMP metric (accuracy, absolute error, ROUGE-1/L) on both the extracted and the raw answer, and computes the failure-mode signals: divergent thinking, format misalignment, retrieval utilization. The only node that sees the gold output.",
  inputs: [
    { name: "example", type: "example", description: "The example (task, input)." },
    { name: "answer", type: "answer", description: "The pipeline's final answer: what the run evaluates." },
    { name: "items", type: "items", description: "Retrieved items, for retrieval-utilization signals.", optional: true },
    { name: "messages", type: "messages", description: "The prompt, for stage headers and off-track checks.", optional: true },
    { name: "completion", type: "completion", description: "The model output, for provider reasoning-token counts.", optional: true },
  ],
  outputs: [{ name: "scores", type: "scores", description: "Metric values and failure-mode signals for this example." }],
  params: z.object({
    failureModes: failureModeParamsOverridesSchema
      .default({})
      .describe("Thresholds and word lists of the failure-mode signals (see the definitions panel); empty = defaults."),
  }),
  async run(inputs, p, ctx) {
    const { example, answer, items, messages, completion } = inputs;
    const task = taskOf(example);

    const metrics = ctx.gold == null ? {} : metricValues(scoreExample(task.key, answer.text, ctx.gold));
    const rawMetrics = ctx.gold == null ? {} : metricValues(scoreExample(task.key, answer.raw, ctx.gold));
    const instruction = messages?.messages
      .filter((m) => m.role === "system")
      .map((m) => m.content)
      .join("\n");
    const signals = computeFailureSignals(
      {
        spec: formatSpecFor(task, items),
        input: example.input,
        instruction,
        reasoning: answer.reasoning,
        rawAnswer: answer.raw,
        extractedAnswer: answer.extraction === "raw" ? null : answer.text,
        retrievedItems: (items?.items ?? []).map((r) => ({ id: r.id, text: r.text, title: typeof r.item.title === "string" ? r.item.title : undefined })),
        stageHeaders: messages && messages.stageHeaders.length > 0 ? messages.stageHeaders : undefined,
        providerReasoningTokens: completion?.usage.reasoningTokens ?? null,
      },
      p.failureModes,
    );
    const value: ScoresValue = { metrics, rawMetrics, signals };
    return { scores: value };
  },
});
