import type { TaskOutput } from "../lamp/tasks";
import { splitThinkTags } from "../llm/reasoningExtraction";

/** How extraction got its answer, stored per item so users can see what was repaired. */
export type ExtractionMethod =
  | "exact"
  | "normalized"
  | "answer-cue"
  | "last-mention"
  | "first-line"
  | "from-reasoning"
  | "none";

export type Extraction = { text: string; method: ExtractionMethod };

const ANSWER_CUE = /(?:final answer|answer|category|tag|label|rating|score|headline|title|tweet|paraphrase)\s*(?:is|would be|:|=|-)\s*/gi;

function stripDecoration(s: string): string {
  let t = s.trim();
  // Markdown emphasis/code and a trailing full stop are the usual wrappers around an otherwise exact label.
  t = t.replace(/^[*_`#>\s]+|[*_`\s]+$/g, "");
  t = t.replace(/^["'“‘](.*)["'”’]$/s, "$1").trim();
  t = t.replace(/[.!;,]+$/, "").trim();
  return t;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every mention of a label, in order; labels are matched whole and case-insensitively. */
function labelMentions(text: string, labels: readonly string[]): { label: string; at: number }[] {
  const found: { label: string; at: number }[] = [];
  // Longer labels first, so "dark comedy" is not also counted as "comedy".
  const ordered = [...labels].sort((a, b) => b.length - a.length);
  const taken: [number, number][] = [];
  for (const label of ordered) {
    const pattern = new RegExp(`(?<![\\w])${escapeRegExp(label)}(?![\\w])`, "gi");
    for (const m of text.matchAll(pattern)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      found.push({ label, at: start });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

function matchLabel(candidate: string, labels: readonly string[]): string | null {
  const c = stripDecoration(candidate).toLowerCase();
  const direct = labels.find((l) => l.toLowerCase() === c);
  if (direct) return direct;
  // LaMP-1 answers often drop the brackets: "2" or "Reference 2".
  const bracketed = labels.find((l) => /^\[\d+\]$/.test(l) && (c === l.slice(1, -1) || c === `reference ${l.slice(1, -1)}`));
  return bracketed ?? null;
}

function extractLabel(raw: string, labels: readonly string[]): Extraction | null {
  const stripped = raw.trim();
  if (labels.includes(stripped)) return { text: stripped, method: "exact" };
  const normalized = matchLabel(stripped, labels);
  if (normalized) return { text: normalized, method: "normalized" };
  const cues = [...stripped.matchAll(ANSWER_CUE)];
  for (const cue of cues.reverse()) {
    const after = stripped.slice(cue.index! + cue[0].length).split(/\n/)[0];
    const mention = labelMentions(after, labels)[0];
    if (mention && mention.at <= 3) return { text: mention.label, method: "answer-cue" };
    const bare = matchLabel(after.split(/[\s,;]/)[0] ?? "", labels);
    if (bare) return { text: bare, method: "answer-cue" };
  }
  const mentions = labelMentions(stripped, labels);
  if (mentions.length > 0) return { text: mentions[mentions.length - 1].label, method: "last-mention" };
  return null;
}

function extractRating(raw: string, min: number, max: number): Extraction | null {
  const stripped = raw.trim();
  const inRange = (v: number) => Number.isFinite(v) && v >= min && v <= max;
  if (/^[+-]?\d+(\.\d+)?$/.test(stripped) && inRange(Number(stripped))) return { text: stripped, method: "exact" };
  const cleaned = stripDecoration(stripped);
  if (/^[+-]?\d+(\.\d+)?$/.test(cleaned) && inRange(Number(cleaned))) return { text: cleaned, method: "normalized" };
  const cues = [...stripped.matchAll(ANSWER_CUE)];
  for (const cue of cues.reverse()) {
    const m = /^\D{0,3}(\d+(?:\.\d+)?)/.exec(stripped.slice(cue.index! + cue[0].length));
    if (m && inRange(Number(m[1]))) return { text: m[1], method: "answer-cue" };
  }
  // A full stop right after a number ends the sentence ("rate it a 2."); the scale in "4 out of 5"
  // or "4/5" is not a rating.
  const numbers = [...stripped.matchAll(/(?<![\d.])(?<!\/\s*)(?<!\bout of\s+)(\d+(?:\.\d+)?)(?!\d|\.\d|\s*%)/gi)]
    .map((m) => m[1])
    .filter((n) => inRange(Number(n)));
  if (numbers.length > 0) return { text: numbers[numbers.length - 1], method: "last-mention" };
  return null;
}

const PREAMBLE_LINE = /^(?:sure|okay|ok|certainly|of course|here(?:'s| is| are)|the (?:paraphrased|rewritten|generated)|answer|final answer|headline|title|tweet|paraphrase[d]?(?: tweet)?|subject)\b[^\n]*?:\s*$/i;
const PREAMBLE_PREFIX = /^(?:final answer|answer|headline|title|tweet|paraphrased tweet|paraphrase|subject)\s*:\s*/i;

function extractText(raw: string): Extraction | null {
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) return null;
  let i = 0;
  while (i < lines.length - 1 && PREAMBLE_LINE.test(lines[i])) i++;
  const line = stripDecoration(lines[i].replace(PREAMBLE_PREFIX, ""));
  if (line === raw.trim()) return { text: line, method: "exact" };
  return { text: line, method: i > 0 || lines.length > 1 ? "first-line" : "normalized" };
}

/**
 * Turns a model's answer into the task's format, for the official metric (which only strips).
 * The raw answer is tried first; when it yields nothing and reasoning is given (an unclosed
 * <think> leaves the answer empty), the end of the reasoning is searched.
 */
export function extractAnswer(raw: string, reasoning: string, output: TaskOutput): Extraction {
  // A leaked think block in the answer itself is removed before anything else.
  const answerText = raw.includes("</think>") || raw.includes("<think>") ? splitThinkTags(raw).answer : raw;
  const attempt = (text: string) =>
    output.kind === "label"
      ? extractLabel(text, output.labels)
      : output.kind === "rating"
        ? extractRating(text, output.min, output.max)
        : extractText(text);
  const fromAnswer = attempt(answerText);
  if (fromAnswer) return fromAnswer;
  if (reasoning.trim() !== "" && output.kind !== "text") {
    const tail = reasoning.slice(-600);
    const fromReasoning = attempt(tail);
    if (fromReasoning) return { text: fromReasoning.text, method: "from-reasoning" };
  }
  return { text: answerText.trim(), method: "none" };
}
