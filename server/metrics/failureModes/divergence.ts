import type { OutputFormatSpec } from "./formatSpec";
import { DEFAULT_FAILURE_MODE_PARAMS, DEFAULT_HESITATION_MARKERS, type FailureModeParams } from "./params";
import { countPhrases, findPhrases, splitSentences, contentWords, contentWordSet, normalizeApostrophes, sentencesWithOffsets, tokenizeWords } from "./textFeatures";
import { explicitItemReferences } from "./retrievalUtilization";
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

/** A candidate answer named by the trace, at a character offset of the trace. */
export interface CandidateMention {
  value: string;
  index: number;
}

/** What tells a recap of the profile from a decision (see `candidateMentionsOf`). */
export interface MentionContext {
  /** HRT stage headers in template order. */
  stageHeaders?: readonly string[];
  /** 1-based number of the profile-synthesis stage among the headers. */
  profileStageNumber?: number;
  /** How items are referenced explicitly ("item 2", "[2]", "#2"); none = no sentence is a recap by reference. */
  referenceParams?: Pick<FailureModeParams, "itemReferenceNouns" | "explicitReferenceForms">;
}

/** [start, end) of the profile-synthesis stage: from its header to the next stage's header (or the end). */
function profileStageRange(reasoning: string, context: MentionContext): [number, number] | null {
  const headers = context.stageHeaders ?? [];
  const n = context.profileStageNumber ?? 0;
  if (n < 1 || n > headers.length) return null;
  const lower = reasoning.toLowerCase();
  const start = lower.indexOf(headers[n - 1]!.toLowerCase());
  if (start === -1) return null;
  const next = n < headers.length ? lower.indexOf(headers[n]!.toLowerCase(), start) : -1;
  return [start, next === -1 ? reasoning.length : next];
}

/** [start, end) ranges of text inside double quotes (straight or curly). */
function quotedRanges(sentence: string): Array<[number, number]> {
  return Array.from(sentence.matchAll(/"[^"\n]{1,500}"|\u201c[^\u201d\n]{1,500}\u201d/gu), (m) => [m.index, m.index + m[0].length] as [number, number]);
}

/**
 * The sentences of a trace that can hold a decision, with their offsets: not inside the HRT
 * profile-synthesis stage, and not reciting a profile item (a sentence that refers to an item by
 * number). Within them, quoted text is a recitation too and is blanked out (offsets kept).
 */
function decisionSentences(reasoning: string, context: MentionContext): Array<{ text: string; start: number }> {
  const recap = profileStageRange(reasoning, context);
  const out: Array<{ text: string; start: number }> = [];
  for (const sentence of sentencesWithOffsets(reasoning)) {
    if (recap && sentence.start >= recap[0] && sentence.start < recap[1]) continue;
    if (context.referenceParams && explicitItemReferences(sentence.text, context.referenceParams).size > 0) continue;
    let text = sentence.text;
    for (const [from, to] of quotedRanges(text)) text = text.slice(0, from) + " ".repeat(to - from) + text.slice(to);
    out.push({ text, start: sentence.start });
  }
  return out;
}

/**
 * Label mentions in trace order, sentence by sentence. A sentence that names at least
 * min(minEnumeration, number of labels) distinct labels is restating the options ("the tags are
 * comedy, action, ..." or "is it [1] or [2]?"), not leaning to one, and is skipped.
 * Labels are matched whole-word and case-insensitively; overlapping labels resolve to the longest
 * ("dark comedy" is not also "comedy"). Recaps of the profile are skipped (see decisionSentences).
 */
export function labelMentionsAt(reasoning: string, labels: readonly string[], minEnumeration: number, context: MentionContext = {}): CandidateMention[] {
  const enumerationSize = Math.min(minEnumeration, labels.length);
  const canonical = new Map(labels.map((label) => [label.trim().toLowerCase().replace(/\s+/gu, " "), label]));
  const mentions: CandidateMention[] = [];
  for (const sentence of decisionSentences(reasoning, context)) {
    const found = findPhrases(sentence.text, labels).map((match) => ({
      value: canonical.get(match.phrase.trim().toLowerCase().replace(/\s+/gu, " ")) ?? match.phrase,
      index: sentence.start + match.index,
    }));
    if (new Set(found.map((m) => m.value)).size >= enumerationSize && enumerationSize > 1) continue;
    mentions.push(...found);
  }
  return mentions;
}

export function labelMentions(reasoning: string, labels: readonly string[], minEnumeration: number, context: MentionContext = {}): string[] {
  return labelMentionsAt(reasoning, labels, minEnumeration, context).map((m) => m.value);
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

/** Standalone digits 1-5 of a sentence in order, whatever their context. */
function bareScores(sentence: string): string[] {
  return Array.from(sentence.matchAll(BARE_SCORE), (match) => match[0]);
}

/** At least `minEnumeration` distinct digits in strictly ascending order: the scale listed ("1, 2, 3, 4 or 5"), not a dither. */
function listsTheScale(sentence: string, minEnumeration: number): boolean {
  const digits = bareScores(sentence).map(Number);
  return digits.length >= minEnumeration && new Set(digits).size >= minEnumeration && digits.every((d, i) => i === 0 || d > digits[i - 1]!);
}

// A clause ends at , ; : an ellipsis or a dash between spaces.
const CLAUSE = /[^,;:\u2026]+?(?=\s+[-\u2013\u2014]\s+|[,;:\u2026]|\.{2,}|$)/gu;
const CLAUSE_DIGIT = /(?<![\p{L}\p{N}#[\]]|\d\.)([1-5])(?![\p{L}\p{N}\]]|\.\d|\s*(?:\/|%|to\s|-\s*\d))/gu;

/**
 * Digits written as a decision on their own: a clause holding one digit 1-5 and otherwise only
 * decision words ("5... no, 4... maybe 3... 4" names 5, 4, 3, 4). "Stage 3" or "[3]" are not.
 */
function decisionDigits(sentence: string, decisionWords: ReadonlySet<string>): Array<{ value: string; index: number }> {
  const out: Array<{ value: string; index: number }> = [];
  for (const clause of sentence.matchAll(CLAUSE)) {
    const digits = Array.from(clause[0].matchAll(CLAUSE_DIGIT));
    if (digits.length !== 1) continue;
    const others = tokenizeWords(clause[0].replace(/\d/gu, " "));
    if (others.every((word) => decisionWords.has(word))) out.push({ value: digits[0]![1]!, index: clause.index + digits[0]!.index });
  }
  return out;
}

/**
 * Candidate ratings in trace order: a score 1-5 is a candidate in rating context ("4/5", "4
 * stars", or after a cue word such as "rate", "score", "give", "go with"), or written as a decision
 * on its own (a clause of one digit and decision words only: "no, 4", "maybe 3"). Other bare
 * digits in a trace are mostly list and item numbers. A sentence listing the scale (at least
 * `minEnumeration` distinct digits in ascending order: "answer with 1, 2, 3, 4, or 5") is skipped,
 * and so are recaps of the profile (see decisionSentences).
 */
export function ratingMentionsAt(
  reasoning: string,
  cueWords: readonly string[],
  minEnumeration: number,
  context: MentionContext = {},
  decisionWords: readonly string[] = DEFAULT_FAILURE_MODE_PARAMS.ratingDecisionWords,
): CandidateMention[] {
  const patterns = ratingPatterns(cueWords);
  const decisionSet = new Set(decisionWords.map((w) => normalizeApostrophes(w).toLowerCase()));
  const mentions: CandidateMention[] = [];
  for (const { text, start } of decisionSentences(normalizeApostrophes(reasoning), context)) {
    if (listsTheScale(text, minEnumeration)) continue;
    const byPosition = new Map<number, string>();
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const token = match[1]!.toLowerCase();
        // The d flag gives the captured score's own offset, so the same digit found by two patterns
        // ("give it 4/5") is recorded once.
        const position = match.indices![1]![0];
        byPosition.set(position, NUMBER_WORDS[token] ?? token);
      }
    }
    for (const digit of decisionDigits(text, decisionSet)) if (!byPosition.has(digit.index)) byPosition.set(digit.index, digit.value);
    for (const [position, value] of [...byPosition.entries()].sort((a, b) => a[0] - b[0])) mentions.push({ value, index: start + position });
  }
  return mentions;
}

export function ratingMentions(reasoning: string, cueWords: readonly string[], minEnumeration: number, context: MentionContext = {}): string[] {
  return ratingMentionsAt(reasoning, cueWords, minEnumeration, context).map((m) => m.value);
}

type MentionParams = Pick<
  FailureModeParams,
  "labelEnumerationMinLabels" | "ratingCueWords" | "ratingEnumerationMinScores" | "ratingDecisionWords"
>;

/** The candidate answers a trace names, in order: labels (label tasks) or ratings; null for text tasks. */
export function candidateMentionsOf(
  reasoning: string,
  spec: OutputFormatSpec,
  params: MentionParams = DEFAULT_FAILURE_MODE_PARAMS,
  context: MentionContext = {},
): CandidateMention[] | null {
  switch (spec.kind) {
    case "label":
      return labelMentionsAt(reasoning, spec.labels, params.labelEnumerationMinLabels, context);
    case "rating":
      return ratingMentionsAt(reasoning, params.ratingCueWords, params.ratingEnumerationMinScores, context, params.ratingDecisionWords);
    case "text":
      return null;
  }
}

/**
 * How often the answer the trace leans to changes. Label tasks: label-set labels in order of
 * mention; rating tasks: candidate scores; text tasks: undefined (null). Null for an empty trace.
 */
export function candidateSwitches(
  reasoning: string,
  spec: OutputFormatSpec,
  params: MentionParams = DEFAULT_FAILURE_MODE_PARAMS,
  context: MentionContext = {},
): CandidateTrajectory | null {
  if (reasoning.trim() === "") return null;
  const mentions = candidateMentionsOf(reasoning, spec, params, context);
  return mentions === null ? null : trajectoryOf(mentions.map((m) => m.value));
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
