import { z } from "zod";
import { scoreExample, type ExampleScore } from "../metrics/lamp/officialEvaluation";
import { computeFailureSignals } from "../metrics/failureModes/itemSignals";
import { failureModeParamsOverridesSchema } from "../metrics/failureModes/params";
import type { OutputFormatSpec } from "../metrics/failureModes/formatSpec";
import type { LampTaskSpec, TaskKey } from "../lamp/tasks";
import type { RetrievedItemText } from "../metrics/failureModes/retrievalUtilization";
import type { ItemsValue, MessagesValue, RetrievedProfileItem, ScoresValue } from "../pipeline/portValues";
import { traceOf } from "./completionTrace";
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
    {
      name: "completion",
      type: "completion",
      description: "Unused since the answer carries the reasoning trace; kept so saved graphs that connect it stay valid.",
      optional: true,
    },
  ],
  outputs: [{ name: "scores", type: "scores", description: "Metric values and failure-mode signals for this example." }],
  params: z.object({
    failureModes: failureModeParamsOverridesSchema
      .default({})
      .describe("Thresholds and word lists of the failure-mode signals (see the definitions panel); empty = defaults."),
  }),
  async run(inputs, p, ctx) {
    const { example, answer, items, messages } = inputs;
    const task = taskOf(example);
    const gold = ctx.gold;

    const metrics = gold == null ? {} : metricValues(scoreExample(task.key, answer.text, gold));
    const rawMetrics = gold == null ? {} : metricValues(scoreExample(task.key, answer.raw, gold));
    const signals = computeFailureSignals(
      {
        spec: formatSpecFor(task, items),
        input: example.input,
        instruction: messages ? instructionOf(messages) : undefined,
        trace: traceOf(answer),
        rawAnswer: answer.raw,
        extractedAnswer: answer.extraction === "raw" ? null : answer.text,
        retrievedItems: shownItemsOf(items, messages),
        stageHeaders: messages && messages.stageHeaders.length > 0 ? messages.stageHeaders : undefined,
        gold: gold == null || task.output.kind === "text" ? null : goldJudge(task.key, gold),
      },
      p.failureModes,
    );
    const value: ScoresValue = { metrics, rawMetrics, signals };
    return { scores: value };
  },
});

/** The template's instruction text (older prompt values: their system messages). */
function instructionOf(messages: MessagesValue): string {
  return messages.instruction ?? messages.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
}

/** The retrieved items as the prompt showed them (clipped or truncated); all of each item for older prompt values. */
function shownItemsOf(items: ItemsValue | undefined, messages: MessagesValue | undefined): RetrievedItemText[] {
  const retrieved = items?.items ?? [];
  const title = (r: RetrievedProfileItem | undefined) => (typeof r?.item.title === "string" ? r.item.title : undefined);
  if (!messages?.shownItems) return retrieved.map((r) => ({ id: r.id, text: r.text, title: title(r) }));
  const byId = new Map(retrieved.map((r) => [r.id, r]));
  return messages.shownItems.map((shown) => ({ id: shown.id, text: shown.text, title: title(byId.get(shown.id)) }));
}

/** Whether an answer, or a candidate the reasoning names, is the gold output (label and rating tasks). */
function goldJudge(task: TaskKey, gold: string) {
  const isCorrect = (answer: string) => {
    const score = scoreExample(task, answer, gold);
    return score.kind === "label" ? score.correct === 1 : score.kind === "rating" ? score.absoluteError === 0 : false;
  };
  const goldRating = Number(gold.trim());
  return {
    isCorrect,
    isGoldCandidate: (value: string) => (Number.isFinite(goldRating) && /^\d$/u.test(value) ? Number(value) === goldRating : value.trim() === gold.trim()),
  };
}
