import { tokenize } from "../retrieval/tokenize";
import { extractStringsBetweenQuotes } from "../lamp/pythonText";
import type { LampTaskSpec } from "../lamp/tasks";
import type { RetrievedProfileItem } from "../pipeline/portValues";
import { PROFILE_OUTPUT_FIELD } from "./taskOf";

export type BaselineAnswer = { text: string; method: string };

/**
 * Label tasks: the label the retrieved items carry most often; ties go to the label whose best
 * item ranks highest, so the answer follows the retriever when counts cannot decide.
 */
export function majorityLabel(task: LampTaskSpec, items: readonly RetrievedProfileItem[], fallback: string): BaselineAnswer {
  const field = PROFILE_OUTPUT_FIELD[task.key];
  const stats = new Map<string, { count: number; bestRank: number }>();
  for (const r of items) {
    const label = field ? String(r.item[field] ?? "").trim() : "";
    if (!label) continue;
    const s = stats.get(label) ?? { count: 0, bestRank: Number.POSITIVE_INFINITY };
    s.count++;
    s.bestRank = Math.min(s.bestRank, r.rank);
    stats.set(label, s);
  }
  const best = [...stats.entries()].sort((a, b) => b[1].count - a[1].count || a[1].bestRank - b[1].bestRank)[0];
  return best ? { text: best[0], method: "majority-label" } : { text: fallback, method: "fallback" };
}

/** LaMP-3: the mean score of the retrieved reviews, rounded to the nearest integer (0.5 up). */
export function meanScore(items: readonly RetrievedProfileItem[], fallback: string): BaselineAnswer {
  const scores = items.map((r) => Number(r.item.score)).filter((s) => Number.isFinite(s));
  if (scores.length === 0) return { text: fallback, method: "fallback" };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return { text: String(Math.floor(mean + 0.5)), method: "mean-score" };
}

/** Generation tasks: what the user wrote for the top-ranked retrieved item (its title or tweet). */
export function nearestItemText(task: LampTaskSpec, items: readonly RetrievedProfileItem[], fallback: string): BaselineAnswer {
  const field = PROFILE_OUTPUT_FIELD[task.key];
  const top = [...items].sort((a, b) => a.rank - b.rank)[0];
  const text = top && field ? String(top.item[field] ?? "").trim() : "";
  return text ? { text, method: "nearest-item" } : { text: fallback, method: "fallback" };
}

/**
 * LaMP-1: the candidate reference sharing more words with the retrieved papers (title + abstract);
 * a tie picks [1]. Word overlap is counted on lowercased whitespace tokens of length > 3.
 */
export function closestCandidate(input: string, items: readonly RetrievedProfileItem[]): BaselineAnswer {
  const quoted = extractStringsBetweenQuotes(input);
  if (quoted.length < 3) return { text: "[1]", method: "fallback" };
  const profileWords = new Set(items.flatMap((r) => tokenize(r.text, { lowercase: true })).filter((w) => w.length > 3));
  const overlap = (title: string) =>
    new Set(tokenize(title, { lowercase: true }).filter((w) => w.length > 3 && profileWords.has(w))).size;
  const a = overlap(quoted[1]);
  const b = overlap(quoted[2]);
  return { text: b > a ? "[2]" : "[1]", method: "closest-candidate" };
}
