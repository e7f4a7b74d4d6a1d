import { z } from "zod";
import {
  injectedSpansOf,
  legacyThread,
  modelTextOf,
  traceReasoningTokens,
  type ReasoningTrace,
  type TraceThread,
} from "../../llm/reasoningTrace";
import { candidateMentionsOf, hesitationRate, offTrackRatio, stageAdherence, type MentionContext } from "./divergence";
import { checkAnswerFormat, isRecovered, MISALIGNMENT_KINDS } from "./formatAlignment";
import type { OutputFormatSpec } from "./formatSpec";
import { resolveFailureModeParams, type FailureModeParams } from "./params";
import { answerGrounding, itemCoverage, profileMentions, type ItemUsage, type RetrievedItemText } from "./retrievalUtilization";
import { contentWordSet, countPhrases, findPhrases } from "./textFeatures";
import { thoughtOutcome } from "./thoughts";
import { countO200kTokens } from "./tokenCount";

/** Everything the scoring node knows about one example after generation. */
export interface FailureSignalInput {
  spec: OutputFormatSpec;
  /** The example's input text (the LaMP `input`). */
  input: string;
  /** The task instruction or template text the model saw besides input and items. */
  instruction?: string;
  /** Who wrote which part of the reasoning, per call and SRM candidate. Absent: `reasoning` is one model-written span. */
  trace?: ReasoningTrace;
  /** The visible reasoning trace ("" when the model shows none); used only without `trace`. */
  reasoning?: string;
  /** Without `trace`: the provider's reasoning-token count of the single call, if it reported one. */
  providerReasoningTokens?: number | null;
  /** The answer text with the reasoning removed, before any extraction. */
  rawAnswer: string;
  /** The extract-answer node's output; null/undefined when the pipeline has no extraction. */
  extractedAnswer?: string | null;
  /** Retrieved profile items as the prompt showed them, in prompt order. */
  retrievedItems: readonly RetrievedItemText[];
  /** HRT stage headers in template order; absent for pipelines without staged reasoning. */
  stageHeaders?: readonly string[];
  /**
   * With a gold output (label and rating tasks): whether an answer text is correct, and whether a
   * candidate the reasoning names is the gold answer. Absent: the thought measures are undefined.
   */
  gold?: { isCorrect(answer: string): boolean; isGoldCandidate(value: string): boolean } | null;
}

const misalignmentKindSchema = z.enum(MISALIGNMENT_KINDS);
const nullableNumber = z.number().nullable();

/** The divergence and retrieval signals of one reasoning thread (an SRM candidate or the synthesis). */
const threadSummarySchema = z.object({
  reasoningTokens: z.number(),
  hesitationMarkers: nullableNumber,
  hesitationRate: nullableNumber,
  candidateSwitches: nullableNumber,
  stageAdherence: nullableNumber,
  itemCoverage: nullableNumber,
  profileMentions: nullableNumber,
  answer: z.string(),
  /** Candidates: the answer equals the final answer. */
  agrees: z.boolean().nullable(),
});
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

const itemUsageSchema = z.object({
  itemId: z.string(),
  position: z.number(),
  overlap: nullableNumber,
  sharedWords: z.array(z.string()),
  explicitlyReferenced: z.boolean(),
  /** Reasoning threads (1, or the SRM candidates) that used the item. */
  usedBy: z.number(),
});

/**
 * Per-item signals as stored with a run item (JSON). Fields added after the first stored runs have
 * defaults, so items stored before them read back (with those fields empty).
 */
export const failureSignalsSchema = z.object({
  reasoningTokens: z.number(),
  reasoningTokenSource: z.enum(["provider", "tokenizer", "mixed"]),
  reasoningTokensByCall: z
    .array(z.object({ thread: z.string(), call: z.number(), kind: z.string(), tokens: z.number(), source: z.enum(["provider", "tokenizer"]) }))
    .default([]),
  /** Tokenizer count of the model-written reasoning: the denominator of hesitationRate. */
  visibleReasoningTokens: z.number(),
  hesitationMarkers: nullableNumber,
  hesitationRate: nullableNumber,
  candidateSwitches: nullableNumber,
  distinctCandidates: nullableNumber,
  stageAdherence: nullableNumber,
  offTrackRatio: nullableNumber,
  interventionCount: z.number().default(0),
  interventionsByRule: z.record(z.string(), z.number()).default({}),
  injectedTokens: z.number().default(0),
  interventionPositions: z.array(z.number()).default([]),
  candidateCount: nullableNumber.default(null),
  candidateAgreement: nullableNumber.default(null),
  candidateSignals: z.array(threadSummarySchema).nullable().default(null),
  synthesisSignals: threadSummarySchema.nullable().default(null),
  tokensToFirstCorrect: nullableNumber.default(null),
  underthinking: nullableNumber.default(null),
  outcomeEfficiency: nullableNumber.default(null),
  rawValid: z.boolean(),
  misalignmentKind: misalignmentKindSchema,
  extractedValid: z.boolean().nullable(),
  extractedMisalignmentKind: misalignmentKindSchema.nullable(),
  recovered: z.boolean().nullable(),
  retrievedItemCount: z.number(),
  itemCoverage: nullableNumber,
  usedItemIds: z.array(z.string()),
  itemUsage: z.array(itemUsageSchema).default([]),
  answerGrounding: nullableNumber,
  profileMentions: nullableNumber,
});

export type FailureSignals = z.infer<typeof failureSignalsSchema>;

/** "[1]"-style labels (LaMP-1) collide with bracketed item numbers, so that reference form is dropped. */
function referenceFormsFor(spec: OutputFormatSpec, params: FailureModeParams): FailureModeParams["explicitReferenceForms"] {
  const bracketLabels = spec.kind === "label" && spec.labels.some((label) => /^\[\s*\d+\s*\]$/u.test(label.trim()));
  return bracketLabels ? params.explicitReferenceForms.filter((form) => form !== "bracket") : params.explicitReferenceForms;
}

interface ThreadSignals {
  text: string;
  reasoningTokens: number;
  visibleTokens: number;
  hesitationMarkers: number | null;
  hesitationRate: number | null;
  candidateSwitches: number | null;
  distinctCandidates: number | null;
  stageAdherence: number | null;
  offTrackRatio: number | null;
  profileMentions: number | null;
  itemCoverage: number | null;
  itemUsage: ItemUsage[];
  tokensToFirstCorrect: number | null;
  underthinking: number | null;
  outcomeEfficiency: number | null;
}

interface ThreadContext {
  input: FailureSignalInput;
  params: FailureModeParams;
  mentionContext: MentionContext;
  referenceTexts: string[];
  nonPersonalWords: Set<string>;
}

/** Every signal of one thread, on the text the model wrote (injected spans left out). */
function threadSignals(thread: TraceThread, answer: string, ctx: ThreadContext): ThreadSignals {
  const { input, params } = ctx;
  const text = modelTextOf(thread);
  const hasTrace = text !== "";
  // Stage headers the model copies are the template's words: "User profile synthesis" is no profile mention.
  const ownWords = blankPhrases(text, input.stageHeaders ?? []);
  const visibleTokens = countO200kTokens(text);
  const mentions = hasTrace ? candidateMentionsOf(text, input.spec, params, ctx.mentionContext) : null;
  const sequence: string[] = [];
  for (const mention of mentions ?? []) if (sequence[sequence.length - 1] !== mention.value) sequence.push(mention.value);
  const coverage = itemCoverage(input.retrievedItems, text, answer, { ...params, explicitReferenceForms: referenceFormsFor(input.spec, params) }, ctx.nonPersonalWords);
  const gold = input.gold ?? null;
  const outcome = thoughtOutcome(
    text,
    mentions,
    gold ? (value) => gold.isGoldCandidate(value) : null,
    gold ? gold.isCorrect(answer) : null,
    params.thoughtSwitchMarkers,
    visibleTokens,
  );
  return {
    text,
    reasoningTokens: thread.calls.reduce((sum, call) => sum + call.reasoningTokens, 0),
    visibleTokens,
    hesitationMarkers: hasTrace ? countPhrases(ownWords, params.hesitationMarkers) : null,
    hesitationRate: hesitationRate(ownWords, params.hesitationMarkers, visibleTokens),
    candidateSwitches: mentions === null ? null : Math.max(0, sequence.length - 1),
    distinctCandidates: mentions === null ? null : new Set(sequence).size,
    stageAdherence: stageAdherence(text, input.stageHeaders),
    offTrackRatio: hasTrace ? offTrackRatio(text, ctx.referenceTexts, params.stopwords) : null,
    profileMentions: profileMentions(ownWords, params.profileMentionMarkers),
    itemCoverage: coverage.coverage,
    itemUsage: coverage.items,
    ...outcome,
  };
}

/** The text with every occurrence of the phrases replaced by spaces (offsets kept). */
function blankPhrases(text: string, phrases: readonly string[]): string {
  let out = text;
  for (const match of findPhrases(text, phrases)) out = out.slice(0, match.index) + " ".repeat(match.end - match.index) + out.slice(match.end);
  return out;
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

function threadLabel(thread: TraceThread): string {
  return thread.role === "candidate" ? `candidate ${thread.index + 1}` : thread.role;
}

function summaryOf(signals: ThreadSignals, answer: string, agrees: boolean | null): ThreadSummary {
  return {
    reasoningTokens: signals.reasoningTokens,
    hesitationMarkers: signals.hesitationMarkers,
    hesitationRate: signals.hesitationRate,
    candidateSwitches: signals.candidateSwitches,
    stageAdherence: signals.stageAdherence,
    itemCoverage: signals.itemCoverage,
    profileMentions: signals.profileMentions,
    answer,
    agrees,
  };
}

export function computeFailureSignals(input: FailureSignalInput, overrides?: Partial<FailureModeParams>): FailureSignals {
  const params = resolveFailureModeParams(overrides);
  const { spec, rawAnswer, retrievedItems } = input;
  const trace: ReasoningTrace = input.trace ?? { threads: [legacyThread(input.reasoning ?? "", rawAnswer, input.providerReasoningTokens ?? null)] };

  const raw = checkAnswerFormat(rawAnswer, spec, params);
  const hasExtracted = typeof input.extractedAnswer === "string";
  const extracted = hasExtracted ? checkAnswerFormat(input.extractedAnswer as string, spec, params) : null;
  const finalAnswer = hasExtracted ? (input.extractedAnswer as string) : rawAnswer;

  const itemTexts = retrievedItems.map((item) => `${item.title ?? ""}\n${item.text}`);
  const instructionTexts = [input.instruction ?? "", ...(input.stageHeaders ?? [])];
  const nonPersonalWords = new Set<string>();
  for (const text of [input.input, ...instructionTexts]) for (const word of contentWordSet(text, params.stopwords)) nonPersonalWords.add(word);
  const ctx: ThreadContext = {
    input,
    params,
    mentionContext: {
      stageHeaders: input.stageHeaders,
      profileStageNumber: params.profileStageNumber,
      referenceParams: { ...params, explicitReferenceForms: referenceFormsFor(spec, params) },
    },
    referenceTexts: [input.input, ...instructionTexts, ...itemTexts],
    nonPersonalWords,
  };

  // The threads that reason towards an answer: the one generation, or each SRM candidate.
  const reasoningThreads = trace.threads.filter((t) => t.role !== "synthesis");
  const synthesis = trace.threads.find((t) => t.role === "synthesis");
  const isSrm = reasoningThreads.some((t) => t.role === "candidate");
  const perThread = reasoningThreads.map((t) => threadSignals(t, isSrm ? t.answer : rawAnswer, ctx));
  const mean = (pick: (s: ThreadSignals) => number | null) => meanOf(perThread.map(pick));
  const synthesisSignals = synthesis ? threadSignals(synthesis, rawAnswer, ctx) : null;

  const tokens = traceReasoningTokens(trace);
  const injected = injectedSpansOf(trace);
  const interventions = injected.filter((span) => span.rule !== "template");
  const interventionsByRule: Record<string, number> = {};
  for (const span of interventions) interventionsByRule[span.rule] = (interventionsByRule[span.rule] ?? 0) + 1;

  const usedBy = new Map<string, number>();
  for (const signals of perThread) for (const usage of signals.itemUsage) if (usage.used) usedBy.set(usage.itemId, (usedBy.get(usage.itemId) ?? 0) + 1);
  const firstUsage = perThread[0]?.itemUsage ?? [];
  const normalizedFinal = finalAnswer.trim();

  return {
    reasoningTokens: tokens.count,
    reasoningTokenSource: tokens.source,
    reasoningTokensByCall: trace.threads.flatMap((thread) =>
      thread.calls.map((call, i) => ({ thread: threadLabel(thread), call: i, kind: call.kind, tokens: call.reasoningTokens, source: call.tokenSource })),
    ),
    visibleReasoningTokens: perThread.reduce((sum, s) => sum + s.visibleTokens, 0),
    hesitationMarkers: mean((s) => s.hesitationMarkers),
    hesitationRate: mean((s) => s.hesitationRate),
    candidateSwitches: mean((s) => s.candidateSwitches),
    distinctCandidates: mean((s) => s.distinctCandidates),
    stageAdherence: mean((s) => s.stageAdherence),
    offTrackRatio: mean((s) => s.offTrackRatio),
    interventionCount: interventions.length,
    interventionsByRule,
    injectedTokens: injected.reduce((sum, span) => sum + countO200kTokens(span.text), 0),
    interventionPositions: interventions.map((span) => span.atToken),
    candidateCount: isSrm ? reasoningThreads.length : null,
    candidateAgreement: isSrm ? reasoningThreads.filter((t) => t.answer.trim() === normalizedFinal).length / reasoningThreads.length : null,
    candidateSignals: isSrm ? perThread.map((s, i) => summaryOf(s, reasoningThreads[i]!.answer, reasoningThreads[i]!.answer.trim() === normalizedFinal)) : null,
    synthesisSignals: synthesisSignals ? summaryOf(synthesisSignals, rawAnswer, null) : null,
    tokensToFirstCorrect: mean((s) => s.tokensToFirstCorrect),
    underthinking: mean((s) => s.underthinking),
    outcomeEfficiency: mean((s) => s.outcomeEfficiency),
    rawValid: raw.valid,
    misalignmentKind: raw.kind,
    extractedValid: extracted?.valid ?? null,
    extractedMisalignmentKind: extracted?.kind ?? null,
    recovered: isRecovered(raw, extracted),
    retrievedItemCount: retrievedItems.length,
    itemCoverage: mean((s) => s.itemCoverage),
    usedItemIds: firstUsage.filter((u) => usedBy.has(u.itemId)).map((u) => u.itemId),
    itemUsage: firstUsage.map((u) => ({
      itemId: u.itemId,
      position: u.position,
      overlap: u.overlap,
      sharedWords: u.sharedWords,
      explicitlyReferenced: perThread.some((s) => s.itemUsage[u.position - 1]?.explicitlyReferenced === true),
      usedBy: usedBy.get(u.itemId) ?? 0,
    })),
    // Label and rating answers are drawn from a closed set the input itself lists (or a digit), so
    // "words from the profile and not from the input" only means something for generated text.
    answerGrounding: spec.kind === "text" ? answerGrounding(finalAnswer, retrievedItems, [input.input, ...instructionTexts], params.stopwords) : null,
    profileMentions: mean((s) => s.profileMentions),
  };
}
