import { z } from "zod";
import { DEFAULT_STOPWORDS } from "./stopwords";

/**
 * Every threshold and word list behind the failure-mode signals. The paper names the failure modes
 * but publishes no definitions, so none of these values is authoritative: they are defaults a
 * researcher can override per scoring node, and `definitions.ts` renders whatever is in force.
 */

/** Markers of a reasoning model hesitating or backtracking (whole words, case-insensitive). */
export const DEFAULT_HESITATION_MARKERS: readonly string[] = [
  "wait", "hmm", "hmmm", "hm", "alternatively", "actually", "on second thought", "let me reconsider",
  "hold on", "or maybe", "but then again", "then again", "on the other hand", "or perhaps",
  "let me think again", "let me rethink", "let me double-check", "let me double check",
  "let me check again", "let me re-evaluate", "reconsidering", "scratch that", "hang on",
  "i'm not sure", "not sure", "second-guessing",
];

/** Tags that wrap a reasoning block; any of them in the answer means reasoning leaked. */
export const DEFAULT_REASONING_TAG_NAMES: readonly string[] = ["think", "thinking", "reasoning", "reflection", "thought"];

/**
 * First-person deliberation that belongs in the reasoning, not the answer. Bare "let me", "wait" or
 * "I think" are left out on purpose: they occur in genuine tweets and e-mail subjects ("let me know").
 */
export const DEFAULT_REASONING_LEAK_MARKERS: readonly string[] = [
  "let me think", "let me see", "let me check", "let me analyze", "let me analyse", "let me consider",
  "let me recall", "let me figure", "let me reconsider", "let me re-read", "let me look at",
  "let me start", "let me break", "let me double-check", "let me summarize", "let me determine",
  "let's think", "let's analyze", "let's see", "let's break", "okay, so", "ok, so", "hmm",
  "step by step", "thinking process", "my reasoning", "on second thought", "the user wants",
  "the user is asking", "the user asked", "the task is", "i need to figure", "i need to determine",
  "i need to decide", "i should consider",
];

/** Openers that wrap the answer in conversation or a label (matched at the start of the answer only). */
export const DEFAULT_PREAMBLE_MARKERS: readonly string[] = [
  "here is", "here's", "here are", "sure", "certainly", "of course", "okay", "ok", "absolutely",
  "headline:", "title:", "subject:", "email subject:", "tweet:", "paraphrase:", "paraphrased tweet:",
  "answer:", "final answer:", "output:", "response:", "tag:", "category:", "label:", "rating:",
  "score:", "reference:", "the answer is", "the final answer is", "my answer is", "the headline is",
  "the title is", "the subject is", "the tag is", "the category is", "the rating is", "the score is",
  "based on",
];

/** Phrases that introduce an explanation of the answer (anywhere in a generated answer). */
export const DEFAULT_EXPLANATION_MARKERS: readonly string[] = [
  "explanation:", "note:", "(note", "reasoning:", "rationale:", "this headline", "this title",
  "this subject", "this tweet", "this paraphrase", "i chose", "i have chosen", "i've chosen",
  "i picked", "because the user", "reflects the user", "matches the user", "the user's style",
  "in the user's style", "as requested",
];

/** How the reasoning may refer to the user or their history. */
export const DEFAULT_PROFILE_MENTION_MARKERS: readonly string[] = [
  "the user", "this user", "user's", "the author", "this author", "the person", "this person",
  "their past", "their previous", "their history", "their profile", "their preferences",
  "their preference", "their style", "their taste", "their tastes", "their interests",
  "their writing", "their reviews", "their ratings", "they usually", "they tend to", "they often",
  "they typically", "they generally", "they like", "they prefer", "they enjoy", "previous",
  "previously", "profile", "history", "past reviews", "past ratings", "past titles",
  "past headlines", "past tweets", "past papers",
];

/** Nouns that, followed by a number, refer to a retrieved item by its rendered position ("item 2"). */
export const DEFAULT_ITEM_REFERENCE_NOUNS: readonly string[] = [
  "item", "items", "profile item", "profile items", "retrieved item", "retrieved items", "document",
  "documents", "doc", "docs", "example", "examples", "entry", "entries", "record", "records",
  "review", "reviews", "paper", "papers", "article", "articles", "tweet", "tweets", "email",
  "emails", "post", "posts", "movie", "movies",
];

/** Words after which a digit 1-5 is read as a candidate rating ("I'd rate it a 4", "score: 3"). */
export const DEFAULT_RATING_CUE_WORDS: readonly string[] = [
  "rating", "ratings", "rate", "rated", "score", "scored", "give", "giving", "gave", "go with",
  "going with", "settle on", "choose", "pick", "answer", "predict", "lean towards", "leaning towards",
  "lean toward", "leaning toward",
];

/** Words that may stand beside a bare digit 1-5 in a clause that decides a rating ("no, 4", "maybe 3", "so 4"). */
export const DEFAULT_RATING_DECISION_WORDS: readonly string[] = [
  "no", "nope", "maybe", "perhaps", "probably", "likely", "so", "or", "then", "actually", "hmm", "wait",
  "ok", "okay", "yes", "yeah", "final", "finally", "answer", "rating", "score", "it's", "its", "it", "a",
  "i'd", "i", "say", "guess", "think", "go", "with", "than", "rather", "more", "like", "definitely",
  "still", "back", "to", "again", "and", "not", "but", "well", "hm", "hmmm", "right", "fine",
];

/** Markers that open a new thought (Wang et al. 2025 split a trace into thoughts at such switches). */
export const DEFAULT_THOUGHT_SWITCH_MARKERS: readonly string[] = [
  "alternatively", "wait", "hmm", "but wait", "on second thought", "or maybe", "or perhaps",
  "let me reconsider", "let me rethink", "then again", "but then again", "on the other hand", "actually",
  "hold on", "hang on", "scratch that",
];

export const explicitReferenceFormSchema = z.enum(["noun", "bracket", "hash"]);

export const lengthBucketingSchema = z.discriminatedUnion("kind", [
  /** Items sorted by reasoning tokens and cut into `count` groups of nearly equal size. */
  z.object({ kind: z.literal("quantile"), count: z.number().int().min(1).max(20) }),
  /** Buckets [0, e1), [e1, e2), ..., [eLast, infinity) for ascending `upperEdges` e1 < e2 < ... */
  z
    .object({ kind: z.literal("fixed"), upperEdges: z.array(z.number().positive()).min(1) })
    .refine((value) => value.upperEdges.every((edge, i) => i === 0 || edge > value.upperEdges[i - 1]!), {
      message: "upperEdges must be strictly ascending",
    }),
]);
export type LengthBucketing = z.infer<typeof lengthBucketingSchema>;

const phraseList = z.array(z.string().min(1));

export const failureModeParamsSchema = z.object({
  stopwords: z.array(z.string()),
  hesitationMarkers: phraseList,
  /** A sentence naming at least min(this, number of labels) distinct labels lists the options rather than leaning to one. */
  labelEnumerationMinLabels: z.number().int().min(2),
  ratingCueWords: phraseList,
  /** A sentence naming at least this many distinct ratings, in ascending order, lists the scale rather than leaning to one. */
  ratingEnumerationMinScores: z.number().int().min(2).max(5),
  ratingDecisionWords: z.array(z.string().min(1)),
  /** 1-based number of the HRT stage that synthesizes the profile: label or rating mentions there recap items, they decide nothing. */
  profileStageNumber: z.number().int().min(0).max(9),
  thoughtSwitchMarkers: phraseList,
  reasoningTagNames: phraseList,
  reasoningLeakMarkers: phraseList,
  preambleMarkers: phraseList,
  explanationMarkers: phraseList,
  textMinWords: z.number().int().min(0),
  textMaxWords: z.number().int().min(1),
  /** With a reference length L, plausible lengths are [max(1, floor(L / t)), ceil(L * t)]. */
  referenceLengthTolerance: z.number().min(1),
  /** Share of an item's content words that must appear in reasoning + answer for the item to count as used. */
  itemUseMinOverlap: z.number().gt(0).max(1),
  itemReferenceNouns: phraseList,
  explicitReferenceForms: z.array(explicitReferenceFormSchema),
  profileMentionMarkers: phraseList,
  /** Run aggregate: an item with at least this many candidate switches counts as switching. */
  manySwitchesThreshold: z.number().int().min(1),
  lengthBucketing: lengthBucketingSchema,
});

export type FailureModeParams = z.infer<typeof failureModeParamsSchema>;

const defaultParams: FailureModeParams = {
  stopwords: [...DEFAULT_STOPWORDS],
  hesitationMarkers: [...DEFAULT_HESITATION_MARKERS],
  labelEnumerationMinLabels: 3,
  ratingCueWords: [...DEFAULT_RATING_CUE_WORDS],
  ratingEnumerationMinScores: 3,
  ratingDecisionWords: [...DEFAULT_RATING_DECISION_WORDS],
  profileStageNumber: 2,
  thoughtSwitchMarkers: [...DEFAULT_THOUGHT_SWITCH_MARKERS],
  reasoningTagNames: [...DEFAULT_REASONING_TAG_NAMES],
  reasoningLeakMarkers: [...DEFAULT_REASONING_LEAK_MARKERS],
  preambleMarkers: [...DEFAULT_PREAMBLE_MARKERS],
  explanationMarkers: [...DEFAULT_EXPLANATION_MARKERS],
  textMinWords: 2,
  textMaxWords: 60,
  referenceLengthTolerance: 3,
  itemUseMinOverlap: 0.2,
  itemReferenceNouns: [...DEFAULT_ITEM_REFERENCE_NOUNS],
  explicitReferenceForms: ["noun", "bracket", "hash"],
  profileMentionMarkers: [...DEFAULT_PROFILE_MENTION_MARKERS],
  manySwitchesThreshold: 2,
  lengthBucketing: { kind: "quantile", count: 4 },
};

export const DEFAULT_FAILURE_MODE_PARAMS: Readonly<FailureModeParams> = Object.freeze(defaultParams);

/** Partial overrides (e.g. a scoring node's params) merged over the defaults and validated. */
export const failureModeParamsOverridesSchema = failureModeParamsSchema.partial();

export function resolveFailureModeParams(overrides?: Partial<FailureModeParams>): FailureModeParams {
  if (!overrides) return DEFAULT_FAILURE_MODE_PARAMS;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  // No override (a score node's default `{}`, once per item): the defaults, without validating them again.
  if (Object.keys(defined).length === 0) return DEFAULT_FAILURE_MODE_PARAMS;
  const params = failureModeParamsSchema.parse({ ...DEFAULT_FAILURE_MODE_PARAMS, ...defined });
  if (params.textMinWords > params.textMaxWords) {
    throw new RangeError(`textMinWords (${params.textMinWords}) exceeds textMaxWords (${params.textMaxWords})`);
  }
  return params;
}
