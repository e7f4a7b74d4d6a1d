/**
 * Provenance of a reasoning trace: which stretches the model wrote and which the pipeline put there
 * (an RPI corrective thought, a forced stage header, a template's pre-filled `<think>` opening), per
 * model call. Signals are computed on the model's own text only (server/metrics/failureModes), and
 * the trace viewer shows injected text apart.
 *
 * A trace is a list of threads: one for a plain or intervened generation; for SRM one per candidate
 * plus the synthesis call. A thread's spans, concatenated, are its reasoning as the model saw it.
 */
import { z } from "zod";
import { countTokens } from "./tokenCount";
import type { LlmResult } from "./types";

/** Rules that inject text: RPI's (hesitation, stage, budget) and a template's pre-filled opening. */
export type InjectionRule = "hesitation" | "stage" | "budget" | "template";

export type TraceSpan =
  | { source: "model"; text: string; /** Index in the thread's `calls` of the call that wrote it. */ call: number }
  | {
      source: "injected";
      text: string;
      /** Index in the thread's `calls` of the call that received it as part of its prefix. */
      call: number;
      rule: InjectionRule;
      /** Reasoning tokens (model and injected) before the injection. */
      atToken: number;
    };

export type ReasoningTokenSource = "provider" | "tokenizer";

export interface TraceCall {
  kind: "first" | "continuation";
  /** Reasoning tokens this call generated (a continuation: only its new text). */
  reasoningTokens: number;
  /** provider: the server's reasoning-token count; tokenizer: o200k_base over the call's model-written reasoning. */
  tokenSource: ReasoningTokenSource;
  finishReason: string | null;
}

export interface TraceThread {
  /** main: the one generation of a plain or intervened call; candidate / synthesis: SRM. */
  role: "main" | "candidate" | "synthesis";
  /** Candidate number (0-based) for SRM candidates, else 0. */
  index: number;
  spans: TraceSpan[];
  calls: TraceCall[];
  /** The answer text this thread produced (SRM candidates: their extracted answer). */
  answer: string;
}

export interface ReasoningTrace {
  threads: TraceThread[];
  /** SRM vote mode: the candidate whose answer was taken. */
  chosenCandidate?: number;
}

/** The model-written reasoning of a thread: its model spans, with a paragraph break where injected text stood. */
export function modelTextOf(thread: Pick<TraceThread, "spans">): string {
  let text = "";
  let gap = false;
  for (const span of thread.spans) {
    if (span.source === "injected") {
      gap = text !== "";
      continue;
    }
    text += gap ? `\n\n${span.text.replace(/^\s+/, "")}` : span.text;
    gap = false;
  }
  return text.trim();
}

/** The reasoning as the model saw it, injected text included. */
export function fullTextOf(thread: Pick<TraceThread, "spans">): string {
  return thread.spans.map((span) => span.text).join("");
}

export function injectedSpansOf(trace: ReasoningTrace): Array<Extract<TraceSpan, { source: "injected" }>> {
  return trace.threads.flatMap((t) => t.spans.filter((s): s is Extract<TraceSpan, { source: "injected" }> => s.source === "injected"));
}

/** Reasoning tokens of one call: the provider's count when it reported one, else the tokenizer's count of `modelText`. */
export function traceCallOf(result: LlmResult, kind: TraceCall["kind"], modelText: string): TraceCall {
  const provider = result.usage.estimated ? null : result.usage.reasoningTokens;
  return typeof provider === "number" && Number.isFinite(provider) && provider >= 0
    ? { kind, reasoningTokens: Math.round(provider), tokenSource: "provider", finishReason: result.finishReason }
    : { kind, reasoningTokens: countTokens(modelText), tokenSource: "tokenizer", finishReason: result.finishReason };
}

/** The reasoning part of an assistant prefix (`<think>\n...`): text the pipeline wrote, not the model. */
export function prefixReasoningOf(prefix: string): string {
  const open = prefix.indexOf("<think>");
  if (open === -1) return "";
  const rest = prefix.slice(open + "<think>".length);
  const close = rest.indexOf("</think>");
  return (close === -1 ? rest : rest.slice(0, close)).replace(/^\n/, "");
}

/**
 * The thread of one model call. A continuation of a template's prefix (e.g. HRT's pre-filled
 * `<think>\nStage 1 ...:`) starts with that prefix as injected text; the rest is the model's.
 */
export function singleCallThread(result: LlmResult, role: TraceThread["role"] = "main", index = 0, answer = result.answer): TraceThread {
  const spans: TraceSpan[] = [];
  let modelText = result.reasoning;
  const injected = result.continuation ? prefixReasoningOf(result.continuation.prefix).trim() : "";
  if (injected !== "" && result.reasoning.startsWith(injected)) {
    spans.push({ source: "injected", text: injected, call: 0, rule: "template", atToken: 0 });
    modelText = result.reasoning.slice(injected.length);
  }
  if (modelText !== "") spans.push({ source: "model", text: modelText, call: 0 });
  return { role, index, spans, calls: [traceCallOf(result, "first", modelText)], answer };
}

/** A trace for a value stored before traces existed: its whole reasoning as one model span. */
export function legacyThread(reasoning: string, answer: string, reasoningTokens: number | null = null): TraceThread {
  const call: TraceCall =
    typeof reasoningTokens === "number"
      ? { kind: "first", reasoningTokens, tokenSource: "provider", finishReason: null }
      : { kind: "first", reasoningTokens: countTokens(reasoning), tokenSource: "tokenizer", finishReason: null };
  return { role: "main", index: 0, spans: reasoning === "" ? [] : [{ source: "model", text: reasoning, call: 0 }], calls: [call], answer };
}

/** Sum of the reasoning tokens of every call of every thread, and which counter(s) gave them. */
export function traceReasoningTokens(trace: ReasoningTrace): { count: number; source: ReasoningTokenSource | "mixed" } {
  const calls = trace.threads.flatMap((t) => t.calls);
  const sources = new Set(calls.map((c) => c.tokenSource));
  return {
    count: calls.reduce((sum, c) => sum + c.reasoningTokens, 0),
    source: sources.size > 1 ? "mixed" : (sources.values().next().value ?? "tokenizer"),
  };
}

const spanSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("model"), text: z.string(), call: z.number().int() }),
  z.object({
    source: z.literal("injected"),
    text: z.string(),
    call: z.number().int(),
    rule: z.enum(["hesitation", "stage", "budget", "template"]),
    atToken: z.number(),
  }),
]);

/** A trace as caches and stored items hold it. */
export const reasoningTraceSchema = z.object({
  threads: z.array(
    z.object({
      role: z.enum(["main", "candidate", "synthesis"]),
      index: z.number().int(),
      spans: z.array(spanSchema),
      calls: z.array(
        z.object({
          kind: z.enum(["first", "continuation"]),
          reasoningTokens: z.number(),
          tokenSource: z.enum(["provider", "tokenizer"]),
          finishReason: z.string().nullable(),
        }),
      ),
      answer: z.string(),
    }),
  ),
  chosenCandidate: z.number().int().optional(),
}) satisfies z.ZodType<ReasoningTrace>;
