import { z } from "zod";
import type { LlmDeltaEvent, LlmResult, ResolvedContinuationMode } from "./types";

const usageSchema = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number().nullable(),
  estimated: z.boolean(),
});

const CONTINUATION_MODES = ["vllm", "deepseek-prefix", "completions-raw", "local-raw"] as const satisfies readonly ResolvedContinuationMode[];

const storedResultShape = {
  reasoning: z.string(),
  answer: z.string(),
  content: z.string(),
  finishReason: z.string().nullable(),
  usage: usageSchema,
  latencyMs: z.number(),
  model: z.string().optional(),
  continuation: z.object({ mode: z.enum(CONTINUATION_MODES), prefix: z.string() }).optional(),
};

/**
 * A model result as the caches store it (LlmCacheEntry.responseJson). Loose objects: a field a
 * result carries besides these comes back as it was stored.
 */
export const storedLlmResultSchema = z.looseObject(storedResultShape) satisfies z.ZodType<Omit<LlmResult, "cacheHit" | "attempts">>;

export const llmResultSchema = z.looseObject({ ...storedResultShape, cacheHit: z.boolean(), attempts: z.number() }) satisfies z.ZodType<LlmResult>;

export const llmDeltaSchema = z.object({ type: z.enum(["reasoning", "content"]), text: z.string() }) satisfies z.ZodType<LlmDeltaEvent>;
