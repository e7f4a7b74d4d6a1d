import { z } from "zod";
import type { GenerationParams } from "../llm/types";

/** The most tokens any token count of a node may name (a generation, a budget, a window): far above any model's context. */
export const MAX_TOKEN_COUNT = 1_000_000;
/** Seeds are stored and sent as 32-bit integers. */
export const MAX_SEED = 2_147_483_647;
/** An endpoint name as the Models page saves it. */
const MAX_ENDPOINT_NAME = 120;

/** Sampling settings shared by every node that calls a model. */
export const generationParamsSchema = z.object({
  endpoint: z.string().min(1).max(MAX_ENDPOINT_NAME).default("default").describe("Model endpoint name configured on the server ('default' = the run's model)."),
  temperature: z.number().min(0).max(2).default(0).describe("Sampling temperature (0 = greedy)."),
  topP: z.number().min(0).max(1).optional().describe("Nucleus sampling; unset = the server's default."),
  maxTokens: z.number().int().min(1).max(MAX_TOKEN_COUNT).default(2048).describe("Most tokens the model may generate (reasoning included)."),
  seed: z.number().int().min(0).max(MAX_SEED).optional().describe("Sampling seed for servers that honour one; unset = the run's seed."),
});

export type GenerationSettings = z.output<typeof generationParamsSchema>;

export function toGenerationParams(p: GenerationSettings, runSeed: number): GenerationParams {
  return { temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, seed: p.seed ?? runSeed };
}
