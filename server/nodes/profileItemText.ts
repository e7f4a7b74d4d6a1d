import type { TaskKey } from "../lamp/tasks";
import type { ProfileItem } from "../pipeline/nodeContext";

/** Which fields of a profile item a chat prompt shows, per task, in reading order. */
const SHOWN_FIELDS: Readonly<Record<TaskKey, readonly string[]>> = {
  "LaMP-1": ["title", "abstract"],
  "LaMP-2": ["description", "tag"],
  "LaMP-2N": ["title", "text", "category"],
  "LaMP-3": ["text", "score"],
  "LaMP-4": ["text", "title"],
  "LaMP-5": ["abstract", "title"],
  "LaMP-6": ["text", "title"],
  "LaMP-7": ["text"],
};

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars).trimEnd()}…`;
}

/** `[n] field: value; field: value` lines for chat templates (RAG, HRT, custom). */
export function renderProfileItems(task: TaskKey, items: readonly ProfileItem[], maxCharsPerField: number): string {
  if (items.length === 0) return "(no profile items)";
  return items
    .map((item, i) => {
      const parts = SHOWN_FIELDS[task]
        .filter((f) => item[f] !== undefined && item[f] !== null && String(item[f]).trim() !== "")
        .map((f) => `${f}: ${clip(String(item[f]), maxCharsPerField)}`);
      return `[${i + 1}] ${parts.join("; ")}`;
    })
    .join("\n");
}
