import { stemmer } from "stemmer";
import { DEFAULT_STOPWORDS } from "./stopwords";

/**
 * Text primitives shared by every failure-mode signal. All comparisons between texts (reasoning vs
 * input, answer vs retrieved items) go through `contentWords`, so every signal agrees on what a
 * "word" is: lowercased, stopwords removed, Porter-stemmed.
 */

const WORD_CHAR = "[\\p{L}\\p{N}]";
// A word is a run of letters/digits, optionally joined by inner apostrophes ("don't", "user's").
const WORD_PATTERN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Curly apostrophes are folded to ASCII so "don’t" and "don't" are the same word (length-preserving). */
export function normalizeApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'");
}

/**
 * Splits text into sentences. Line breaks always end a sentence because reasoning traces use lines
 * and bullets as separate thoughts; otherwise a sentence ends at ., ! or ? (or an ellipsis)
 * followed by whitespace. Segments with no letter or digit ("---", "**") are dropped.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n+|(?<=[.!?\u2026])\s+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** The sentences of `splitSentences`, each with the offset where it starts in the text. */
export function sentencesWithOffsets(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const sentence = raw.trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) out.push({ text: sentence, start: from + lead });
  };
  let from = 0;
  for (const separator of text.matchAll(/\r?\n+|(?<=[.!?\u2026])\s+/gu)) {
    push(from, separator.index);
    from = separator.index + separator[0].length;
  }
  push(from, text.length);
  return out;
}

/** Lowercased word tokens; punctuation and markdown are not words. */
export function tokenizeWords(text: string): string[] {
  return Array.from(normalizeApostrophes(text).toLowerCase().matchAll(WORD_PATTERN), (match) => match[0]);
}

/** Whitespace-separated word count: the length a person would count for a headline or tweet. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}

const defaultStopwordSet: ReadonlySet<string> = new Set(DEFAULT_STOPWORDS);
const stopwordSetCache = new WeakMap<readonly string[], ReadonlySet<string>>();

function toStopwordSet(stopwords: readonly string[] | undefined): ReadonlySet<string> {
  if (stopwords === undefined || stopwords === DEFAULT_STOPWORDS) return defaultStopwordSet;
  let set = stopwordSetCache.get(stopwords);
  if (!set) {
    set = new Set(stopwords.map((word) => normalizeApostrophes(word).toLowerCase()));
    stopwordSetCache.set(stopwords, set);
  }
  return set;
}

// Traces repeat a small vocabulary thousands of times; stemming each distinct word once makes
// content-word extraction several times faster on long traces.
const stemCache = new Map<string, string>();

function cachedStem(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    if (stemCache.size >= 100_000) stemCache.clear();
    stem = stemmer(word);
    stemCache.set(word, stem);
  }
  return stem;
}

/** Content words in order of appearance: lowercased, stopwords removed, possessive 's dropped, stemmed. */
export function contentWords(text: string, stopwords?: readonly string[]): string[] {
  const stopSet = toStopwordSet(stopwords);
  const words: string[] = [];
  for (const token of tokenizeWords(text)) {
    if (stopSet.has(token)) continue;
    const bare = token.replace(/'s$/u, "");
    if (bare === "" || stopSet.has(bare)) continue;
    words.push(cachedStem(bare));
  }
  return words;
}

export function contentWordSet(text: string, stopwords?: readonly string[]): Set<string> {
  return new Set(contentWords(text, stopwords));
}

export interface PhraseMatch {
  /** The phrase from the list that matched, as listed. */
  phrase: string;
  /** Offset of the match in the text. */
  index: number;
  /** End offset (exclusive). */
  end: number;
}

interface CompiledPhrases {
  regex: RegExp;
  byNormalized: Map<string, string>;
}

function normalizePhrase(phrase: string): string {
  return normalizeApostrophes(phrase).trim().toLowerCase().replace(/\s+/gu, " ");
}

function escapeRegex(text: string): string {
  // Only syntax characters: the pattern is compiled with the u flag, which rejects needless escapes like \-.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function phraseToPattern(normalized: string): string {
  const body = normalized.split(" ").map(escapeRegex).join("\\s+");
  // Word boundaries only where the phrase starts/ends with a word character, so "[1]" or
  // "headline:" can still be matched right after or before a letter.
  const before = /^[\p{L}\p{N}]/u.test(normalized) ? `(?<!${WORD_CHAR})` : "";
  const after = /[\p{L}\p{N}]$/u.test(normalized) ? `(?!${WORD_CHAR})` : "";
  return `${before}${body}${after}`;
}

const compiledCache = new Map<string, CompiledPhrases | null>();

function compilePhrases(phrases: readonly string[]): CompiledPhrases | null {
  const key = phrases.join("\u0000");
  const cached = compiledCache.get(key);
  if (cached !== undefined) return cached;
  const byNormalized = new Map<string, string>();
  for (const phrase of phrases) {
    const normalized = normalizePhrase(phrase);
    if (normalized !== "" && !byNormalized.has(normalized)) byNormalized.set(normalized, phrase);
  }
  let compiled: CompiledPhrases | null = null;
  if (byNormalized.size > 0) {
    // Longest alternatives first: JS alternation takes the first alternative that matches, so
    // "on second thought" wins over "second thought" and overlapping markers are counted once.
    const alternatives = [...byNormalized.keys()].sort((a, b) => b.length - a.length).map(phraseToPattern);
    compiled = { regex: new RegExp(alternatives.join("|"), "giu"), byNormalized };
  }
  if (compiledCache.size > 500) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/**
 * Non-overlapping, whole-word, case-insensitive occurrences of any phrase of the list, left to
 * right. Multi-word phrases match across any whitespace ("on  second\nthought").
 */
export function findPhrases(text: string, phrases: readonly string[]): PhraseMatch[] {
  const compiled = compilePhrases(phrases);
  if (!compiled) return [];
  const normalizedText = normalizeApostrophes(text);
  const matches: PhraseMatch[] = [];
  for (const match of normalizedText.matchAll(compiled.regex)) {
    const phrase = compiled.byNormalized.get(normalizePhrase(match[0]));
    if (phrase !== undefined) matches.push({ phrase, index: match.index, end: match.index + match[0].length });
  }
  return matches;
}

export function countPhrases(text: string, phrases: readonly string[]): number {
  return findPhrases(text, phrases).length;
}

/** True when the text (after leading whitespace and markdown emphasis) starts with one of the phrases. */
export function startsWithPhrase(text: string, phrases: readonly string[]): string | null {
  const head = text.replace(/^[\s*_#>`"'\u201c\u2018]+/u, "");
  const first = findPhrases(head, phrases)[0];
  return first !== undefined && first.index === 0 ? first.phrase : null;
}
