import { DEFAULT_FAILURE_MODE_PARAMS, type FailureModeParams } from "./params";
import { contentWordSet, countPhrases, normalizeApostrophes } from "./textFeatures";

/** Retrieval-utilization signals: did the retrieved profile items reach the reasoning and the answer. */

export interface RetrievedItemText {
  id: string;
  /** The item as rendered to the model (e.g. title + abstract, review text). */
  text: string;
  title?: string;
}

export interface ItemUsage {
  itemId: string;
  /** 1-based position in the rendered order, the number an explicit reference uses. */
  position: number;
  /** Share of the item's distinctive content words found in reasoning + answer; null when it has none. */
  overlap: number | null;
  /** Distinctive content words (stems) of the item found in reasoning + answer, at most 8. */
  sharedWords: string[];
  explicitlyReferenced: boolean;
  used: boolean;
}

export interface ItemCoverage {
  /** Share of retrieved items used; null without retrieved items. */
  coverage: number | null;
  usedItemIds: string[];
  items: ItemUsage[];
}

type CoverageParams = Pick<FailureModeParams, "stopwords" | "itemUseMinOverlap" | "itemReferenceNouns" | "explicitReferenceForms">;

const WORD_BEFORE = "(?<![\\p{L}\\p{N}])";
const NUMBER_LIST = "(\\d+(?:\\s*(?:,|and|&|or)\\s*(?:#\\s*)?\\d+)*)";
// "review 4 stars" or "item 3/5" talk about a rating, not about item 4 or 3.
const NOT_A_RATING = "(?![\\p{L}\\p{N}])(?!\\s*(?:stars?|\\/\\s*\\d|out\\s+of|%))";

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

// Candidate switches ask this of every sentence of a trace: the pattern is compiled once per noun list.
const nounPatterns = new Map<string, RegExp>();

function nounReferencePattern(itemReferenceNouns: readonly string[]): RegExp {
  const key = itemReferenceNouns.join("\u0000");
  let pattern = nounPatterns.get(key);
  if (!pattern) {
    const nouns = [...itemReferenceNouns]
      .map((noun) => noun.trim().toLowerCase())
      .filter((noun) => noun !== "")
      .sort((a, b) => b.length - a.length)
      .map((noun) => noun.split(/\s+/u).map(escapeRegex).join("\\s+"));
    pattern = new RegExp(`${WORD_BEFORE}(?:${nouns.join("|")})\\s*(?:#|no\\.|number)?\\s*${NUMBER_LIST}${NOT_A_RATING}`, "giu");
    if (nounPatterns.size > 100) nounPatterns.clear();
    nounPatterns.set(key, pattern);
  }
  return pattern;
}

/**
 * Positions referred to explicitly: "item 2", "items 1 and 3", "review #4" (noun form), "[2]"
 * (bracket form), "#2" (hash form). Which forms count is a parameter because in LaMP-1 "[1]" and
 * "[2]" are the answer labels, not item numbers.
 */
export function explicitItemReferences(
  text: string,
  params: Pick<FailureModeParams, "itemReferenceNouns" | "explicitReferenceForms"> = DEFAULT_FAILURE_MODE_PARAMS,
): Set<number> {
  const positions = new Set<number>();
  const collect = (numbers: string) => {
    for (const digits of numbers.match(/\d+/gu) ?? []) positions.add(Number(digits));
  };
  const forms = new Set(params.explicitReferenceForms);
  const normalized = normalizeApostrophes(text);
  if (forms.has("noun") && params.itemReferenceNouns.length > 0) {
    const pattern = nounReferencePattern(params.itemReferenceNouns);
    for (const match of normalized.matchAll(pattern)) collect(match[1]!);
  }
  if (forms.has("bracket")) for (const match of normalized.matchAll(/\[\s*(\d+)\s*\]/gu)) collect(match[1]!);
  if (forms.has("hash")) for (const match of normalized.matchAll(/(?<![\p{L}\p{N}&])#(\d+)(?![\p{N}])/gu)) collect(match[1]!);
  return positions;
}

function normalizeQuoted(text: string): string {
  return normalizeApostrophes(text)
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
}

/** Spans inside double quotes (straight or curly) or curly single quotes. */
function quotedSpans(text: string): string[] {
  const spans: string[] = [];
  for (const match of text.matchAll(/"([^"\n]{1,500})"|\u201c([^\u201d\n]{1,500})\u201d|\u2018([^\u2019\n]{1,500})\u2019/gu)) {
    spans.push(normalizeQuoted(match[1] ?? match[2] ?? match[3] ?? ""));
  }
  return spans.filter((span) => span !== "");
}

/**
 * Share of retrieved items the reasoning or answer used. An item's distinctive words are its
 * distinct content words (title + text) that are not in `nonPersonalWords` (the input and the
 * instruction: a trace that only repeats the task shares those with every item). An item is used
 * when at least `itemUseMinOverlap` of its distinctive words appear among the content words of
 * reasoning + answer, or when it is referenced explicitly: by its 1-based rendered position ("item
 * 2", "[2]", "#2"), by quoting its title (a quoted span equal to or containing the title), or by an
 * answer that reproduces the title (a copied headline is a use even though the title is a small
 * share of the item's words).
 */
export function itemCoverage(
  items: readonly RetrievedItemText[],
  reasoning: string,
  answer: string,
  params: CoverageParams = DEFAULT_FAILURE_MODE_PARAMS,
  nonPersonalWords: ReadonlySet<string> = new Set(),
): ItemCoverage {
  if (items.length === 0) return { coverage: null, usedItemIds: [], items: [] };
  const usedText = `${reasoning}\n${answer}`;
  const usedWords = contentWordSet(usedText, params.stopwords);
  const referenced = explicitItemReferences(usedText, params);
  const quotes = [...quotedSpans(usedText), normalizeQuoted(answer)].filter((span) => span !== "");
  const usages = items.map((item, index): ItemUsage => {
    const position = index + 1;
    const itemWords = [...contentWordSet(`${item.title ?? ""}\n${item.text}`, params.stopwords)].filter((word) => !nonPersonalWords.has(word));
    const shared = itemWords.filter((word) => usedWords.has(word));
    const overlap = itemWords.length === 0 ? null : shared.length / itemWords.length;
    const title = item.title === undefined ? "" : normalizeQuoted(item.title);
    const titleQuoted = title !== "" && quotes.some((span) => span.includes(title));
    const explicitlyReferenced = referenced.has(position) || titleQuoted;
    const used = explicitlyReferenced || (overlap !== null && overlap >= params.itemUseMinOverlap);
    return { itemId: item.id, position, overlap, sharedWords: shared.slice(0, 8), explicitlyReferenced, used };
  });
  const used = usages.filter((usage) => usage.used);
  return { coverage: used.length / items.length, usedItemIds: used.map((usage) => usage.itemId), items: usages };
}

/**
 * Share of the answer's distinct content words that occur in the retrieved items but not in the
 * non-personal texts (the input and the instruction): vocabulary that can only have come from the
 * user's profile. Null without retrieved items or when the answer has no content word.
 */
export function answerGrounding(
  answer: string,
  items: readonly RetrievedItemText[],
  nonPersonalTexts: readonly string[],
  stopwords: readonly string[] = DEFAULT_FAILURE_MODE_PARAMS.stopwords,
): number | null {
  const answerWords = contentWordSet(answer, stopwords);
  if (items.length === 0 || answerWords.size === 0) return null;
  const itemWords = new Set<string>();
  for (const item of items) for (const word of contentWordSet(`${item.title ?? ""}\n${item.text}`, stopwords)) itemWords.add(word);
  const nonPersonal = new Set<string>();
  for (const text of nonPersonalTexts) for (const word of contentWordSet(text, stopwords)) nonPersonal.add(word);
  let grounded = 0;
  for (const word of answerWords) if (itemWords.has(word) && !nonPersonal.has(word)) grounded++;
  return grounded / answerWords.size;
}

/** References to the user or their history in the reasoning; null without a visible trace. */
export function profileMentions(
  reasoning: string,
  markers: readonly string[] = DEFAULT_FAILURE_MODE_PARAMS.profileMentionMarkers,
): number | null {
  if (reasoning.trim() === "") return null;
  return countPhrases(reasoning, markers);
}
