// The reasoning of one stored item as the trace viewer draws it: threads (the generation, or each
// SRM candidate and the synthesis) of spans marked model-written or injected, with the stretches
// the signals look at highlighted inside model text: HRT stage headers, hesitation markers and
// the labels or ratings the reasoning names.
import { legacyThread, reasoningTraceSchema, type ReasoningTrace, type TraceSpan, type TraceThread } from "../llm/reasoningTrace";
import type { OutputFormatSpec } from "../metrics/failureModes/formatSpec";
import { candidateMentionsOf } from "../metrics/failureModes/divergence";
import type { FailureModeParams } from "../metrics/failureModes/params";
import { findPhrases } from "../metrics/failureModes/textFeatures";

export type HighlightKind = "stage" | "hesitation" | "candidate";
export type Highlight = { start: number; end: number; kind: HighlightKind };
export type TraceViewSpan = TraceSpan & { highlights: Highlight[] };
export type TraceViewThread = Omit<TraceThread, "spans"> & { spans: TraceViewSpan[]; reasoningTokens: number };
export type TraceView = { threads: TraceViewThread[]; chosenCandidate: number | null; stageHeaders: string[]; fromLegacy: boolean };

/** The trace an item stored: the answer's (extract-answer passes it on), else a completion's, else its reasoning as one model span. */
export function storedTraceOf(outputs: Record<string, unknown>, reasoning: string, answer: string): { trace: ReasoningTrace; fromLegacy: boolean } {
  const found: ReasoningTrace[] = [];
  for (const ports of Object.values(outputs)) {
    if (!ports || typeof ports !== "object") continue;
    for (const value of Object.values(ports as Record<string, unknown>)) {
      const parsed = reasoningTraceSchema.safeParse((value as { trace?: unknown } | null)?.trace);
      if (parsed.success) found.push(parsed.data);
    }
  }
  // The answer's trace comes last in graph order (extract-answer follows the model node); any of them is the same trace.
  const trace = found[found.length - 1];
  return trace ? { trace, fromLegacy: false } : { trace: { threads: [legacyThread(reasoning, answer)] }, fromLegacy: true };
}

/** Stage headers a stored item's prompt node produced. */
export function stageHeadersOf(outputs: Record<string, unknown>): string[] {
  for (const ports of Object.values(outputs)) {
    const messages = (ports as { messages?: { stageHeaders?: unknown } } | null)?.messages;
    if (Array.isArray(messages?.stageHeaders) && messages.stageHeaders.every((h) => typeof h === "string")) return messages.stageHeaders as string[];
  }
  return [];
}

function highlightsOf(text: string, spec: OutputFormatSpec, stageHeaders: readonly string[], params: FailureModeParams): Highlight[] {
  const marks: Highlight[] = [
    ...findPhrases(text, stageHeaders).map((m) => ({ start: m.index, end: m.end, kind: "stage" as const })),
    ...findPhrases(text, params.hesitationMarkers).map((m) => ({ start: m.index, end: m.end, kind: "hesitation" as const })),
  ];
  if (spec.kind === "label") {
    for (const m of findPhrases(text, spec.labels)) marks.push({ start: m.index, end: m.end, kind: "candidate" });
  } else if (spec.kind === "rating") {
    for (const m of candidateMentionsOf(text, spec, params) ?? []) marks.push({ start: m.index, end: m.index + 1, kind: "candidate" });
  }
  // Non-overlapping, left to right; on overlap the earlier (then longer) one wins.
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Highlight[] = [];
  for (const mark of marks) if (out.length === 0 || mark.start >= out[out.length - 1]!.end) out.push(mark);
  return out;
}

export function buildTraceView(
  stored: { trace: ReasoningTrace; fromLegacy: boolean },
  spec: OutputFormatSpec,
  stageHeaders: string[],
  params: FailureModeParams,
): TraceView {
  return {
    threads: stored.trace.threads.map((thread) => ({
      ...thread,
      reasoningTokens: thread.calls.reduce((sum, call) => sum + call.reasoningTokens, 0),
      spans: thread.spans.map((span) => ({ ...span, highlights: span.source === "model" ? highlightsOf(span.text, spec, stageHeaders, params) : [] })),
    })),
    chosenCandidate: stored.trace.chosenCandidate ?? null,
    stageHeaders,
    fromLegacy: stored.fromLegacy,
  };
}
