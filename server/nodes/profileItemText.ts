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

/** One `[n] field: value; field: value` line per item, as chat templates (RAG, HRT, custom) show it. */
export function profileItemLines(task: TaskKey, items: readonly ProfileItem[], maxCharsPerField: number): string[] {
  return items.map((item, i) => {
    const parts = SHOWN_FIELDS[task]
      .filter((f) => item[f] !== undefined && item[f] !== null && String(item[f]).trim() !== "")
      .map((f) => `${f}: ${clip(String(item[f]), maxCharsPerField)}`);
    return `[${i + 1}] ${parts.join("; ")}`;
  });
}

/** The `{{profile}}` block of chat templates: the item lines, or a note that there are none. */
export function renderProfileItems(lines: readonly string[]): string {
  return lines.length === 0 ? "(no profile items)" : lines.join("\n");
}
