import { z } from "zod";
import type { AnswerValue } from "../pipeline/portValues";
import { defineNode } from "./defineNode";
import { extractAnswer } from "./answerExtraction";
import { taskOf } from "./taskOf";
import { traceOf } from "./completionTrace";

export const extractAnswerNode = defineNode({
  kind: "extract-answer",
  version: 1,
  title: "Extract answer",
  category: "post-process",
  description:
    "Strips reasoning and maps the model's answer to the task's format (a label of the list, a 1-5 rating, or one line of text), because the official LaMP evaluator only strips whitespace. 'raw' keeps the answer as the model wrote it.",
  inputs: [
    { name: "example", type: "example", description: "The example (for the task's output format)." },
    { name: "completion", type: "completion", description: "The model output to read." },
  ],
  outputs: [{ name: "answer", type: "answer", description: "Extracted answer, with the raw text kept beside it." }],
  params: z.object({
    mode: z
      .enum(["task-format", "raw"])
      .default("task-format")
      .describe("task-format: repair to the task's format; raw: keep the answer text unchanged (only whitespace stripped)."),
    searchReasoning: z
      .boolean()
      .default(true)
      .describe("When the answer is empty or has no label/rating (e.g. an unclosed <think>), look at the end of the reasoning."),
  }),
  async run(inputs, p) {
    const { example, completion } = inputs;
    const task = taskOf(example);
    const raw = completion.answer;
    if (p.mode === "raw") {
      const value: AnswerValue = { text: raw.trim(), raw, reasoning: completion.reasoning, extraction: "raw", trace: traceOf(completion) };
      return { answer: value };
    }
    const extracted = extractAnswer(raw, p.searchReasoning ? completion.reasoning : "", task.output);
    const value: AnswerValue = {
      text: extracted.text,
      raw,
      reasoning: completion.reasoning,
      extraction: extracted.method,
      trace: traceOf(completion),
    };
    return { answer: value };
  },
});
