import { z } from "zod";
import { candidateSwitches, hesitationRate, offTrackRatio, reasoningTokens, stageAdherence } from "./divergence";
import { checkAnswerFormat, isRecovered, MISALIGNMENT_KINDS } from "./formatAlignment";
import type { OutputFormatSpec } from "./formatSpec";
import { resolveFailureModeParams, type FailureModeParams } from "./params";
import { answerGrounding, itemCoverage, profileMentions, type RetrievedItemText } from "./retrievalUtilization";
import { countPhrases } from "./textFeatures";
import { countO200kTokens } from "./tokenCount";

/** Everything the scoring node knows about one example after generation. */
export interface FailureSignalInput {
  spec: OutputFormatSpec;
  /** The example's input text (the LaMP `input`). */
  input: string;
  /** The task instruction or template text the model saw besides input and items. */
  instruction?: string;
  /** The visible reasoning trace ("" when the model shows none). */
  reasoning: string;
  /** The answer text with the reasoning removed, before any extraction. */
  rawAnswer: string;
  /** The extract-answer node's output; null/undefined when the pipeline has no extraction. */
  extractedAnswer?: string | null;
  /** Retrieved profile items in the order they were rendered into the prompt. */
  retrievedItems: readonly RetrievedItemText[];
  /** HRT stage headers in template order; absent for pipelines without staged reasoning. */
  stageHeaders?: readonly string[];
  providerReasoningTokens?: number | null;
}

const misalignmentKindSchema = z.enum(MISALIGNMENT_KINDS);

/** Per-item signals as stored with a run item (flat, JSON-serialisable). */
export const failureSignalsSchema = z.object({
  reasoningTokens: z.number(),
  reasoningTokenSource: z.enum(["provider", "tokenizer"]),
  /** Tokenizer count of the visible trace: the denominator of hesitationRate. */
  visibleReasoningTokens: z.number(),
  hesitationMarkers: z.number().nullable(),
  hesitationRate: z.number().nullable(),
  candidateSwitches: z.number().nullable(),
  distinctCandidates: z.number().nullable(),
  stageAdherence: z.number().nullable(),
  offTrackRatio: z.number().nullable(),
  rawValid: z.boolean(),
  misalignmentKind: misalignmentKindSchema,
  extractedValid: z.boolean().nullable(),
  extractedMisalignmentKind: misalignmentKindSchema.nullable(),
  recovered: z.boolean().nullable(),
  retrievedItemCount: z.number(),
  itemCoverage: z.number().nullable(),
  usedItemIds: z.array(z.string()),
  answerGrounding: z.number().nullable(),
  profileMentions: z.number().nullable(),
});

export type FailureSignals = z.infer<typeof failureSignalsSchema>;

/** "[1]"-style labels (LaMP-1) collide with bracketed item numbers, so that reference form is dropped. */
function referenceFormsFor(spec: OutputFormatSpec, params: FailureModeParams): FailureModeParams["explicitReferenceForms"] {
  const bracketLabels = spec.kind === "label" && spec.labels.some((label) => /^\[\s*\d+\s*\]$/u.test(label.trim()));
  return bracketLabels ? params.explicitReferenceForms.filter((form) => form !== "bracket") : params.explicitReferenceForms;
}

export function computeFailureSignals(input: FailureSignalInput, overrides?: Partial<FailureModeParams>): FailureSignals {
  const params = resolveFailureModeParams(overrides);
  const { spec, reasoning, rawAnswer, retrievedItems } = input;
  const hasTrace = reasoning.trim() !== "";

  const tokens = reasoningTokens(reasoning, input.providerReasoningTokens);
  const visibleReasoningTokens = tokens.source === "tokenizer" ? tokens.count : countO200kTokens(reasoning);
  const trajectory = candidateSwitches(reasoning, spec, params);

  const itemTexts = retrievedItems.map((item) => `${item.title ?? ""}\n${item.text}`);
  const instructionTexts = [input.instruction ?? "", ...(input.stageHeaders ?? [])];

  const raw = checkAnswerFormat(rawAnswer, spec, params);
  const hasExtracted = typeof input.extractedAnswer === "string";
  const extracted = hasExtracted ? checkAnswerFormat(input.extractedAnswer as string, spec, params) : null;
  const finalAnswer = hasExtracted ? (input.extractedAnswer as string) : rawAnswer;

  const coverage = itemCoverage(retrievedItems, reasoning, rawAnswer, {
    ...params,
    explicitReferenceForms: referenceFormsFor(spec, params),
  });

  return {
    reasoningTokens: tokens.count,
    reasoningTokenSource: tokens.source,
    visibleReasoningTokens,
    hesitationMarkers: hasTrace ? countPhrases(reasoning, params.hesitationMarkers) : null,
    hesitationRate: hesitationRate(reasoning, params.hesitationMarkers, visibleReasoningTokens),
    candidateSwitches: trajectory?.switches ?? null,
    distinctCandidates: trajectory?.distinct ?? null,
    stageAdherence: stageAdherence(reasoning, input.stageHeaders),
    offTrackRatio: hasTrace ? offTrackRatio(reasoning, [input.input, ...instructionTexts, ...itemTexts], params.stopwords) : null,
    rawValid: raw.valid,
    misalignmentKind: raw.kind,
    extractedValid: extracted?.valid ?? null,
    extractedMisalignmentKind: extracted?.kind ?? null,
    recovered: isRecovered(raw, extracted),
    retrievedItemCount: retrievedItems.length,
    itemCoverage: coverage.coverage,
    usedItemIds: coverage.usedItemIds,
    // Label and rating answers are drawn from a closed set the input itself lists (or a digit), so
    // "words from the profile and not from the input" only means something for generated text.
    answerGrounding: spec.kind === "text" ? answerGrounding(finalAnswer, retrievedItems, [input.input, ...instructionTexts], params.stopwords) : null,
    profileMentions: profileMentions(reasoning, params.profileMentionMarkers),
  };
}
