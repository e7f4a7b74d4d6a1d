import { isTaskKey, LAMP_TASKS, type LampTaskSpec, type TaskKey } from "../lamp/tasks";
import type { PipelineExample } from "../pipeline/nodeContext";

/** The LaMP task of the example a node is working on; nodes need it for formats and templates. */
export function taskOf(example: Pick<PipelineExample, "task" | "exampleId">): LampTaskSpec & { key: TaskKey } {
  if (!isTaskKey(example.task)) {
    throw new Error(`Example ${example.exampleId} belongs to task "${example.task}", which is not a LaMP task.`);
  }
  return LAMP_TASKS[example.task];
}

/** The profile field that holds what the user produced for each past item (the "answer" side). */
export const PROFILE_OUTPUT_FIELD: Readonly<Record<TaskKey, string | null>> = {
  "LaMP-1": null,
  "LaMP-2": "tag",
  "LaMP-2N": "category",
  "LaMP-3": "score",
  "LaMP-4": "title",
  "LaMP-5": "title",
  "LaMP-6": "title",
  "LaMP-7": "text",
};

/** Plain-language statement of the allowed output, used in prompts and corrective thoughts. */
export function describeOutputFormat(task: LampTaskSpec): string {
  switch (task.output.kind) {
    case "label":
      return `exactly one of: ${task.output.labels.join(", ")}`;
    case "rating":
      return `a single integer from ${task.output.min} to ${task.output.max}`;
    case "text":
      return "a single line of text with no explanation, quotes or preamble";
  }
}
