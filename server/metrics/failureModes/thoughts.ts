import type { CandidateMention } from "./divergence";
import { sentencesWithOffsets, startsWithPhrase } from "./textFeatures";
import { countO200kTokens } from "./tokenCount";

/**
 * The literature's overthinking and underthinking measures, per reasoning thread, for tasks whose
 * answer is a label or a rating (a thought "reaches" the gold when its decision names it):
 * - underthinking (Wang et al. 2025, arXiv 2501.18585): a trace is split into thoughts at switch
 *   markers; for a wrong answer, 1 - T̂/T where T̂ is the tokens up to the end of the first thought
 *   that reaches the gold answer (0 when no thought does), T the tokens of the whole trace;
 * - outcome efficiency (Chen et al. 2024, arXiv 2412.21187): correct × T̂/T with T̂ the tokens up to
 *   the first correct answer (the whole trace when no thought names it before the answer);
 * - tokens to first correct: T̂ when some thought reaches the gold.
 */

export interface Thought {
  start: number;
  end: number;
}

/** Thoughts of a trace: a new one starts at each sentence that opens with a switch marker. */
export function splitThoughts(text: string, switchMarkers: readonly string[]): Thought[] {
  const starts = [0];
  for (const sentence of sentencesWithOffsets(text)) {
    if (sentence.start > 0 && startsWithPhrase(sentence.text, switchMarkers) !== null) starts.push(sentence.start);
  }
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? text.length })).filter((t) => t.end > t.start);
}

export interface ThoughtOutcome {
  thoughtCount: number;
  tokensToFirstCorrect: number | null;
  underthinking: number | null;
  outcomeEfficiency: number | null;
}

const UNDEFINED: ThoughtOutcome = { thoughtCount: 0, tokensToFirstCorrect: null, underthinking: null, outcomeEfficiency: null };

/**
 * `mentions`: the candidate answers the text names (null for text tasks); `reachesGold` says whether
 * a mentioned value is the gold answer; `correct`: whether the thread's answer is right (null when
 * there is no gold).
 */
export function thoughtOutcome(
  text: string,
  mentions: readonly CandidateMention[] | null,
  reachesGold: ((value: string) => boolean) | null,
  correct: boolean | null,
  switchMarkers: readonly string[],
  /** Tokens of `text` when the caller counted them already. */
  total = countO200kTokens(text),
): ThoughtOutcome {
  if (mentions === null || reachesGold === null || correct === null || text.trim() === "") return UNDEFINED;
  const thoughts = splitThoughts(text, switchMarkers);
  let firstCorrectEnd: number | null = null;
  for (const thought of thoughts) {
    const inThought = mentions.filter((m) => m.index >= thought.start && m.index < thought.end);
    const decision = inThought[inThought.length - 1];
    if (decision && reachesGold(decision.value)) {
      firstCorrectEnd = thought.end;
      break;
    }
  }
  const tokensToFirstCorrect = firstCorrectEnd === null ? null : countO200kTokens(text.slice(0, firstCorrectEnd));
  const share = total === 0 || tokensToFirstCorrect === null ? null : tokensToFirstCorrect / total;
  return {
    thoughtCount: thoughts.length,
    tokensToFirstCorrect,
    underthinking: correct ? null : share === null ? 0 : 1 - share,
    outcomeEfficiency: correct ? (share ?? 1) : 0,
  };
}
