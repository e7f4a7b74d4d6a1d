import { legacyThread, type ReasoningTrace } from "../llm/reasoningTrace";
import type { AnswerValue, CompletionValue } from "../pipeline/portValues";

/**
 * The reasoning trace of a completion or an answer. Values made before traces existed read as one
 * thread whose whole reasoning is a single model-written span.
 */
export function traceOf(value: Pick<CompletionValue | AnswerValue, "reasoning" | "trace"> & { answer?: string; text?: string }): ReasoningTrace {
  if (value.trace) return value.trace;
  return { threads: [legacyThread(value.reasoning, value.answer ?? value.text ?? "")] };
}
