import type { OutputFormatSpec } from "./formatSpec";
import { DEFAULT_FAILURE_MODE_PARAMS, type FailureModeParams } from "./params";
import { countWords, findPhrases, startsWithPhrase } from "./textFeatures";

/**
 * Format misalignment: does the answer text (reasoning already removed by the provider layer)
 * have exactly the task's format, and if not, what is wrong with it first.
 *
 * Precedence (the first kind that applies is reported; MISALIGNMENT_KINDS lists them in order):
 *   1. empty             no letter or digit at all
 *   2. reasoning_leak    a reasoning tag (<think>, </think>, ...) or deliberation phrase ("let me think")
 *   3. preamble          starts with an opener or a field label ("Sure", "Here is", "Headline:", "Answer:")
 *   4. multi_line        more than one non-empty line
 *   5. extra_text        label/rating tasks: a label (or score) is present with other text around it;
 *                        text tasks: wrapped in quotes or markdown emphasis, or an explanation marker
 *   6. outside_label_set label tasks: no label of the list, or a case-only variant ("Comedy");
 *                        rating tasks: no integer 1-5 ("4.5", "four", "6")
 *   7. length_off        text tasks: word count outside the plausible range
 *   8. none              valid
 * Why this order: leaked reasoning and chatty openers are the causes, and they usually bring line
 * breaks and extra text with them; reporting the cause tells the researcher what to fix in the
 * prompt. Among the rest, "the right answer is in there" (extra_text, recoverable by extraction)
 * is more useful to know than "the answer is not a label". Label and rating answers that are
 * exactly valid are never checked further, so the tag "based on a book" is not a preamble.
 */
export const MISALIGNMENT_KINDS = [
  "empty",
  "reasoning_leak",
  "preamble",
  "multi_line",
  "extra_text",
  "outside_label_set",
  "length_off",
  "none",
] as const;

export type MisalignmentKind = (typeof MISALIGNMENT_KINDS)[number];

export interface FormatCheck {
  valid: boolean;
  kind: MisalignmentKind;
}

type FormatParams = Pick<
  FailureModeParams,
  | "reasoningTagNames"
  | "reasoningLeakMarkers"
  | "preambleMarkers"
  | "explanationMarkers"
  | "textMinWords"
  | "textMaxWords"
  | "referenceLengthTolerance"
>;

const VALID: FormatCheck = { valid: true, kind: "none" };
const invalid = (kind: Exclude<MisalignmentKind, "none">): FormatCheck => ({ valid: false, kind });

const RATING_PATTERN = /^[1-5]$/u;
// A digit 1-5 standing alone, not part of a decimal such as 4.5 (neither the 4 nor the 5).
const SCORE_INSIDE = /(?<![\p{L}\p{N}]|\d\.)[1-5](?![\p{L}\p{N}]|\.\d)/u;

const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'], ["'", "'"], ["\u201c", "\u201d"], ["\u2018", "\u2019"], ["\u201e", "\u201c"], ["\u00ab", "\u00bb"],
  ["`", "`"], ["**", "**"], ["__", "__"], ["*", "*"], ["_", "_"],
];

function isWrapped(text: string): boolean {
  return WRAPPERS.some(([open, close]) => text.length > open.length + close.length && text.startsWith(open) && text.endsWith(close));
}

function hasReasoningLeak(text: string, params: FormatParams): boolean {
  const names = params.reasoningTagNames.map((name) => name.replace(/[^\p{L}\p{N}_-]/gu, "")).filter((name) => name !== "");
  if (names.length > 0 && new RegExp(`<\\s*\\/?\\s*(?:${names.join("|")})\\b[^>]*>`, "iu").test(text)) return true;
  return findPhrases(text, params.reasoningLeakMarkers).length > 0;
}

function normalizeLabel(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/gu, " ");
}

/** Plausible word-count range for a text answer; see OutputFormatSpec for which bound wins. */
export function plausibleLengthRange(
  spec: Extract<OutputFormatSpec, { kind: "text" }>,
  params: Pick<FailureModeParams, "textMinWords" | "textMaxWords" | "referenceLengthTolerance"> = DEFAULT_FAILURE_MODE_PARAMS,
): { minWords: number; maxWords: number } {
  const reference = spec.referenceLength;
  const tolerance = params.referenceLengthTolerance;
  const minWords = spec.minWords ?? (reference !== undefined ? Math.max(1, Math.floor(reference / tolerance)) : params.textMinWords);
  const maxWords = spec.maxWords ?? (reference !== undefined ? Math.ceil(reference * tolerance) : params.textMaxWords);
  return { minWords, maxWords: Math.max(minWords, maxWords) };
}

export function checkAnswerFormat(
  answer: string,
  spec: OutputFormatSpec,
  params: FormatParams = DEFAULT_FAILURE_MODE_PARAMS,
): FormatCheck {
  const text = answer.trim();
  // Exactly what the official evaluator accepts after strip: valid, whatever words it contains.
  if (spec.kind === "label" && spec.labels.includes(text)) return VALID;
  if (spec.kind === "rating" && RATING_PATTERN.test(text)) return VALID;

  if (!/[\p{L}\p{N}]/u.test(text)) return invalid("empty");
  if (hasReasoningLeak(text, params)) return invalid("reasoning_leak");

  const labelsFound = spec.kind === "label" ? findPhrases(text, spec.labels) : [];
  const opener = startsWithPhrase(text, params.preambleMarkers);
  // An answer that opens with a label ("based on a book.") has no preamble even though "based on" is one.
  const opensWithLabel = spec.kind === "label" && startsWithPhrase(text, spec.labels) !== null;
  if (opener !== null && !opensWithLabel) return invalid("preamble");

  if (text.split(/\r?\n/u).filter((line) => line.trim() !== "").length > 1) return invalid("multi_line");

  switch (spec.kind) {
    case "label": {
      const caseOnlyVariant = spec.labels.some((label) => normalizeLabel(label) === normalizeLabel(text));
      if (labelsFound.length > 0 && !caseOnlyVariant) return invalid("extra_text");
      return invalid("outside_label_set");
    }
    case "rating":
      return invalid(SCORE_INSIDE.test(text) ? "extra_text" : "outside_label_set");
    case "text": {
      if (isWrapped(text) || findPhrases(text, params.explanationMarkers).length > 0) return invalid("extra_text");
      const { minWords, maxWords } = plausibleLengthRange(spec, params);
      const words = countWords(text);
      if (words < minWords || words > maxWords) return invalid("length_off");
      return VALID;
    }
  }
}

/** The raw answer already has the exact format. */
export function rawValid(rawAnswer: string, spec: OutputFormatSpec, params?: FormatParams): boolean {
  return checkAnswerFormat(rawAnswer, spec, params).valid;
}

export function misalignmentKind(rawAnswer: string, spec: OutputFormatSpec, params?: FormatParams): MisalignmentKind {
  return checkAnswerFormat(rawAnswer, spec, params).kind;
}

/** Raw answer invalid and extracted answer valid; null when there is no extracted answer to judge. */
export function isRecovered(raw: FormatCheck, extracted: FormatCheck | null): boolean | null {
  if (extracted === null) return null;
  return !raw.valid && extracted.valid;
}
