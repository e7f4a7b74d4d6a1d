import { z } from "zod";
import type { AnswerValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { closestCandidate, majorityLabel, meanScore, nearestItemText } from "./profileBaselines";
import { taskOf } from "./taskOf";

export const baselineNode = defineNode({
  kind: "baseline",
  version: 1,
  title: "Profile baseline (no LLM)",
  category: "generation",
  description:
    "Answers from the retrieved profile items alone, with no model: the majority label (LaMP-2), the mean score (LaMP-3), the text the user wrote for the nearest item (LaMP-4..7), or the candidate closest to the user's papers (LaMP-1). Runs offline.",
  inputs: [
    { name: "example", type: "example", description: "The example to answer." },
    { name: "items", type: "items", description: "Retrieved profile items." },
  ],
  outputs: [{ name: "answer", type: "answer", description: "The baseline's answer." }],
  params: z.object({
    fallback: z
      .string()
      .default("")
      .describe("Answer when no retrieved item carries a usable value (empty = the task's first label, 3 for ratings, empty text)."),
  }),
  async run(inputs, p) {
    const { example } = inputs;
    const { items } = inputs.items;
    const task = taskOf(example);
    const fallback =
      p.fallback || (task.output.kind === "label" ? task.output.labels[0] : task.output.kind === "rating" ? "3" : "");
    const result =
      task.key === "LaMP-1"
        ? closestCandidate(example.input, items)
        : task.output.kind === "label"
          ? majorityLabel(task, items, fallback)
          : task.output.kind === "rating"
            ? meanScore(items, fallback)
            : nearestItemText(task, items, fallback);
    const value: AnswerValue = { text: result.text, raw: result.text, reasoning: "", extraction: result.method };
    return { answer: value };
  },
});
