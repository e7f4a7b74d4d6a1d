import type { OutputFormatSpec } from "./formatSpec";
import { DEFAULT_FAILURE_MODE_PARAMS, DEFAULT_HESITATION_MARKERS, type FailureModeParams } from "./params";
import { countPhrases, findPhrases, splitSentences, contentWords, contentWordSet, normalizeApostrophes, tokenizeWords } from "./textFeatures";
import { countO200kTokens } from "./tokenCount";

/** Divergent-thinking signals: how long, hesitant, indecisive, unstructured and off-topic a trace is. */

export type ReasoningTokenSource = "provider" | "tokenizer";

export interface ReasoningTokenCount {
  count: number;
  source: ReasoningTokenSource;
}

/**
 * The provider's reasoning-token count when it reports one (it also covers reasoning the provider
 * hides), else the o200k_base token count of the visible trace.
 */
export function reasoningTokens(reasoning: string, providerCount?: number | null): ReasoningTokenCount {
  if (typeof providerCount === "number" && Number.isFinite(providerCount) && providerCount >= 0) {
    return { count: Math.round(providerCount), source: "provider" };
  }
  return { count: countO200kTokens(reasoning), source: "tokenizer" };
}

/**
 * Hesitation markers per 100 tokens of the visible trace. The denominator is the tokenizer count
 * of the same visible text (not the provider count) so numerator and denominator describe the same
 * words even when the provider hides part of its reasoning. Null when there is no visible trace.
 */
export function hesitationRate(
  reasoning: string,
  markers: readonly string[] = DEFAULT_HESITATION_MARKERS,
  visibleTokenCount: number = countO200kTokens(reasoning),
): number | null {
  if (reasoning.trim() === "" || visibleTokenCount <= 0) return null;
  return (countPhrases(reasoning, markers) / visibleTokenCount) * 100;
}

export interface CandidateTrajectory {
  /** Candidates in the order the trace leans to them, consecutive repeats collapsed. */
  sequence: string[];
  /** Changes between consecutive candidates: sequence length minus one (0 when nothing was named). */
  switches: number;
  /** Distinct candidates named. */
  distinct: number;
}

function trajectoryOf(mentions: readonly string[]): CandidateTrajectory {
  const sequence: string[] = [];
  for (const mention of mentions) if (sequence[sequence.length - 1] !== mention) sequence.push(mention);
  return { sequence, switches: Math.max(0, sequence.length - 1), distinct: new Set(sequence).size };
}

/**
 * Label mentions in trace order, sentence by sentence. A sentence that names at least
 * min(minEnumeration, number of labels) distinct labels is restating the options ("the tags are
 * comedy, action, ..." or "is it [1] or [2]?"), not leaning to one, and is skipped.
 * Labels are matched whole-word and case-insensitively; overlapping labels resolve to the longest
 * ("dark comedy" is not also "comedy").
 */
export function labelMentions(reasoning: string, labels: readonly string[], minEnumeration: number): string[] {
  const enumerationSize = Math.min(minEnumeration, labels.length);
  const canonical = new Map(labels.map((label) => [label.trim().toLowerCase().replace(/\s+/gu, " "), label]));
  const mentions: string[] = [];
  for (const sentence of splitSentences(reasoning)) {
    const found = findPhrases(sentence, labels).map((match) => canonical.get(match.phrase.trim().toLowerCase().replace(/\s+/gu, " ")) ?? match.phrase);
    if (new Set(found).size >= enumerationSize && enumerationSize > 1) continue;
    mentions.push(...found);
  }
  return mentions;
}

const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5" };
// Not inside a word or number, nor the fraction of a decimal ("4.5" holds no 5).
const WORD_BOUNDARY_BEFORE = "(?<![\\p{L}\\p{N}]|\\d\\.)";
// A score digit must not be part of a decimal, a longer number or a range such as "1 to 5" / "1-5".
const SCORE_DIGIT_AFTER = "(?![\\p{L}\\p{N}]|\\.\\d|\\s*(?:to|-|\\u2013)\\s*(?:[1-5]|five)(?![\\p{N}]))";

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

const ratingRegexCache = new Map<string, RegExp[]>();

function ratingPatterns(cueWords: readonly string[]): RegExp[] {
  const key = cueWords.join("\u0000");
  const cached = ratingRegexCache.get(key);
  if (cached) return cached;
  const numberToken = `${WORD_BOUNDARY_BEFORE}([1-5]|one|two|three|four|five)`;
  const patterns = [
    // "4/5", "4 out of 5", "four out of five"
    new RegExp(`${numberToken}\\s*(?:\\/|out\\s+of)\\s*(?:5|five)(?![\\p{N}])`, "giud"),
    // "4 stars", "4-star", "four stars"
    new RegExp(`${numberToken}[\\s-]*stars?(?![\\p{L}])`, "giud"),
  ];
  const cues = cueWords
    .map((cue) => normalizeApostrophes(cue).trim().toLowerCase())
    .filter((cue) => cue !== "")
    .sort((a, b) => b.length - a.length)
    .map((cue) => cue.split(/\s+/u).map(escapeRegex).join("\\s+"));
  if (cues.length > 0) {
    // A cue word, then up to 20 characters without digits or sentence ends, then a digit 1-5.
    // Number words are not accepted here: "the answer is one of the labels" is not a rating.
    patterns.push(
      new RegExp(`${WORD_BOUNDARY_BEFORE}(?:${cues.join("|")})(?![\\p{L}\\p{N}])[^\\d.!?\\n]{0,20}?${WORD_BOUNDARY_BEFORE}([1-5])${SCORE_DIGIT_AFTER}`, "giud"),
    );
  }
  if (ratingRegexCache.size > 100) ratingRegexCache.clear();
  ratingRegexCache.set(key, patterns);
  return patterns;
}

const BARE_SCORE = new RegExp(`${WORD_BOUNDARY_BEFORE}[1-5](?![\\p{L}\\p{N}]|\\.\\d)`, "gu");

/** Distinct standalone digits 1-5 in a sentence, whatever their context. */
function distinctBareScores(sentence: string): number {
  return new Set(Array.from(sentence.matchAll(BARE_SCORE), (match) => match[0])).size;
}

/**
 * Candidate ratings in trace order: a score 1-5 is a candidate only in rating context ("4/5",
 * "4 stars", or after a cue word such as "rate", "score", "give", "go with"), because bare digits
 * in a trace are mostly list numbers and item numbers. A sentence containing at least
 * `minEnumeration` distinct standalone digits 1-5 (in any context) restates the scale ("answer
 * with 1, 2, 3, 4, or 5") and is skipped.
 */
export function ratingMentions(reasoning: string, cueWords: readonly string[], minEnumeration: number): string[] {
  const patterns = ratingPatterns(cueWords);
  const mentions: string[] = [];
  for (const sentence of splitSentences(normalizeApostrophes(reasoning))) {
    const byPosition = new Map<number, string>();
    for (const pattern of patterns) {
      for (const match of sentence.matchAll(pattern)) {
        const token = match[1]!.toLowerCase();
        // The d flag gives the captured score's own offset, so the same digit found by two patterns
        // ("give it 4/5") is recorded once.
        const position = match.indices![1]![0];
        byPosition.set(position, NUMBER_WORDS[token] ?? token);
      }
    }
    if (distinctBareScores(sentence) >= minEnumeration) continue;
    const ordered = [...byPosition.entries()].sort((a, b) => a[0] - b[0]).map(([, score]) => score);
    mentions.push(...ordered);
  }
  return mentions;
}

/**
 * How often the answer the trace leans to changes. Label tasks: label-set labels in order of
 * mention; rating tasks: candidate scores; text tasks: undefined (null). Null for an empty trace.
 */
export function candidateSwitches(
  reasoning: string,
  spec: OutputFormatSpec,
  params: Pick<FailureModeParams, "labelEnumerationMinLabels" | "ratingCueWords" | "ratingEnumerationMinScores"> = DEFAULT_FAILURE_MODE_PARAMS,
): CandidateTrajectory | null {
  if (reasoning.trim() === "") return null;
  switch (spec.kind) {
    case "label":
      return trajectoryOf(labelMentions(reasoning, spec.labels, params.labelEnumerationMinLabels));
    case "rating":
      return trajectoryOf(ratingMentions(reasoning, params.ratingCueWords, params.ratingEnumerationMinScores));
    case "text":
      return null;
  }
}

function headerOccurrences(traceWords: readonly string[], headerWords: readonly string[]): number[] {
  const positions: number[] = [];
  for (let start = 0; start + headerWords.length <= traceWords.length; start++) {
    if (headerWords.every((word, offset) => traceWords[start + offset] === word)) positions.push(start);
  }
  return positions;
}

/** Length of the longest strictly increasing subsequence (patience sorting). */
function longestIncreasingSubsequenceLength(values: readonly number[]): number {
  const tails: number[] = [];
  for (const value of values) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tails[mid]! < value) low = mid + 1;
      else high = mid;
    }
    tails[low] = value;
  }
  return tails.length;
}

/**
 * Share of the template's stages that appear in the trace in template order: the largest number of
 * stages whose headers can be found at strictly increasing positions of the trace (each header used
 * at most once, any of its occurrences), divided by the number of stages. Headers are compared as
 * word sequences, so case, punctuation and markdown ("## Stage 1 - Requirement Analysis" vs
 * "Stage 1: requirement analysis") do not matter. Null without stages or without a visible trace.
 */
export function stageAdherence(reasoning: string, stageHeaders: readonly string[] | undefined): number | null {
  const headers = (stageHeaders ?? []).map((header) => tokenizeWords(header)).filter((words) => words.length > 0);
  if (headers.length === 0 || reasoning.trim() === "") return null;
  const traceWords = tokenizeWords(reasoning);
  const events: Array<{ position: number; stage: number }> = [];
  headers.forEach((words, stage) => {
    for (const position of headerOccurrences(traceWords, words)) events.push({ position, stage });
  });
  // At equal positions the higher stage comes first so one spot cannot serve two stages.
  events.sort((a, b) => a.position - b.position || b.stage - a.stage);
  return longestIncreasingSubsequenceLength(events.map((event) => event.stage)) / headers.length;
}

/**
 * Share of reasoning sentences that share no content word with the reference texts (input,
 * retrieved items, instruction). Sentences without any content word ("Okay.", "Hmm, wait.") say
 * nothing about a topic and are left out of numerator and denominator. Null when no sentence has a
 * content word.
 */
export function offTrackRatio(
  reasoning: string,
  referenceTexts: readonly string[],
  stopwords: readonly string[] = DEFAULT_FAILURE_MODE_PARAMS.stopwords,
): number | null {
  const reference = new Set<string>();
  for (const text of referenceTexts) for (const word of contentWordSet(text, stopwords)) reference.add(word);
  let considered = 0;
  let offTrack = 0;
  for (const sentence of splitSentences(reasoning)) {
    const words = contentWords(sentence, stopwords);
    if (words.length === 0) continue;
    considered++;
    if (!words.some((word) => reference.has(word))) offTrack++;
  }
  return considered === 0 ? null : offTrack / considered;
}
