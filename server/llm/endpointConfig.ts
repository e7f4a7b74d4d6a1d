/**
 * Endpoint configuration: validation with defaults, reading endpoints from environment variables, and
 * the key-free view that may leave the server (UI, run snapshots, exports, logs).
 *
 * Environment variables:
 *   STUDIO_LLM_BASE_URL     OpenAI-compatible base URL (e.g. http://127.0.0.1:8000/v1)
 *   STUDIO_LLM_API_KEY      its key (optional for local servers)
 *   STUDIO_LLM_MODEL        model name (required with STUDIO_LLM_BASE_URL)
 *   STUDIO_LLM_CONTINUATION auto | vllm | deepseek-prefix | completions-raw | none (default auto)
 *   STUDIO_LLM_GGUF_PATH    a .gguf file to run in-process instead of (or besides) the URL; it must lie
 *                           under STUDIO_MODELS_DIR (localModelFile.ts)
 * and, optionally: STUDIO_LLM_NAME, STUDIO_LLM_RAW_TEMPLATE (chatml | qwen3 | deepseek-r1 | plain),
 * STUDIO_LLM_REASONING_STARTS_INSIDE (true/false), STUDIO_LLM_MAX_CONCURRENCY, STUDIO_LLM_TIMEOUT_MS,
 * STUDIO_LLM_MAX_RETRIES, STUDIO_LLM_CONTEXT_SIZE.
 */
import path from "node:path";
import { z } from "zod";
import { RAW_PROMPT_TEMPLATE_NAMES } from "./chatTemplates";
import { redactUrl } from "../urlCredentials";
import { LlmConfigError } from "./errors";
import type { ContinuationMode, EndpointConfig, ProviderKind, RawPromptTemplateName } from "./types";

export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 4;

const CONTINUATION_MODES = ["auto", "vllm", "deepseek-prefix", "completions-raw", "none"] as const satisfies readonly ContinuationMode[];

const endpointSchema = z
  .object({
    name: z.string().trim().min(1, "must be a non-empty name"),
    provider: z.enum(["openai-compatible", "local-gguf"]),
    baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:8000/v1" }).optional(),
    apiKey: z.string().optional(),
    model: z.string().trim().min(1, "must be a non-empty model name").optional(),
    headers: z.record(z.string(), z.string()).optional(),
    continuation: z.enum(CONTINUATION_MODES).default("auto"),
    rawPromptTemplate: z.enum(RAW_PROMPT_TEMPLATE_NAMES as unknown as [RawPromptTemplateName, ...RawPromptTemplateName[]]).optional(),
    reasoningStartsInside: z.boolean().optional(),
    maxConcurrency: z.number().int().min(1).max(1024).default(DEFAULT_MAX_CONCURRENCY),
    timeoutMs: z.number().int().min(1).default(DEFAULT_TIMEOUT_MS),
    maxRetries: z.number().int().min(0).max(20).default(DEFAULT_MAX_RETRIES),
    modelPath: z.string().trim().min(1).optional(),
    contextSize: z.number().int().min(16).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.provider === "openai-compatible") {
      if (!value.baseUrl) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "is required for an OpenAI-compatible endpoint" });
      if (!value.model) ctx.addIssue({ code: "custom", path: ["model"], message: "is required for an OpenAI-compatible endpoint" });
    } else if (!value.modelPath) {
      ctx.addIssue({ code: "custom", path: ["modelPath"], message: "is required for a local GGUF endpoint (path of the .gguf file)" });
    }
  });

/** Input accepted by parseEndpointConfig: defaults may be left out. */
export type EndpointConfigInput = z.input<typeof endpointSchema>;

/**
 * Validates an endpoint and fills in defaults (continuation auto, maxConcurrency 4, timeoutMs 120000,
 * maxRetries 4; a local model is named after its file). Errors list every bad field, never values.
 */
export function parseEndpointConfig(input: unknown): EndpointConfig {
  const parsed = endpointSchema.safeParse(input);
  if (!parsed.success) {
    const name = typeof (input as { name?: unknown })?.name === "string" ? `"${(input as { name: string }).name}"` : "(unnamed)";
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(config)"} ${issue.message}`);
    throw new LlmConfigError(`Invalid LLM endpoint ${name}: ${problems.join("; ")}.`);
  }
  const value = parsed.data;
  return {
    ...value,
    model: value.model ?? path.basename(value.modelPath ?? "model.gguf", ".gguf"),
  };
}

/** Same as parseEndpointConfig for a config that is already typed (re-checks values built in code). */
export function validateEndpointConfig(config: EndpointConfig): EndpointConfig {
  return parseEndpointConfig(config);
}

/** What may be shown or stored outside the server: no key, header values hidden. */
export interface PublicEndpointView {
  name: string;
  provider: ProviderKind;
  baseUrl?: string;
  model: string;
  continuation: ContinuationMode;
  rawPromptTemplate?: RawPromptTemplateName;
  reasoningStartsInside?: boolean;
  maxConcurrency: number;
  timeoutMs: number;
  maxRetries: number;
  modelPath?: string;
  contextSize?: number;
  hasApiKey: boolean;
  /** Names of extra headers; their values can be credentials too. */
  headerNames: string[];
}

export function publicEndpointView(config: EndpointConfig): PublicEndpointView {
  const view: PublicEndpointView = {
    name: config.name,
    provider: config.provider,
    baseUrl: config.baseUrl === undefined ? undefined : redactUrl(config.baseUrl),
    model: config.model,
    continuation: config.continuation,
    rawPromptTemplate: config.rawPromptTemplate,
    reasoningStartsInside: config.reasoningStartsInside,
    maxConcurrency: config.maxConcurrency,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    modelPath: config.modelPath,
    contextSize: config.contextSize,
    hasApiKey: typeof config.apiKey === "string" && config.apiKey !== "",
    headerNames: Object.keys(config.headers ?? {}),
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as PublicEndpointView;
}

type Env = Record<string, string | undefined>;

function envInt(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw)) throw new LlmConfigError(`${name} must be a whole number, got "${raw}".`);
  return Number(raw);
}

function envBool(env: Env, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return undefined;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new LlmConfigError(`${name} must be true or false, got "${env[name]}".`);
}

function envEnum<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new LlmConfigError(`${name} must be one of ${allowed.join(", ")}, got "${raw}".`);
  }
  return raw as T;
}

function parseFromEnv(input: Record<string, unknown>, variables: string): EndpointConfig {
  try {
    return parseEndpointConfig(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  } catch (error) {
    throw new LlmConfigError(`${error instanceof Error ? error.message : String(error)} (from environment variables ${variables})`);
  }
}

/**
 * Endpoints described by STUDIO_LLM_* variables: the URL endpoint first (when STUDIO_LLM_BASE_URL is
 * set), then the local file (when STUDIO_LLM_GGUF_PATH is set). Empty when neither is set.
 */
export function endpointsFromEnv(env: Env = process.env): EndpointConfig[] {
  const shared = {
    rawPromptTemplate: envEnum(env, "STUDIO_LLM_RAW_TEMPLATE", RAW_PROMPT_TEMPLATE_NAMES),
    reasoningStartsInside: envBool(env, "STUDIO_LLM_REASONING_STARTS_INSIDE"),
    maxConcurrency: envInt(env, "STUDIO_LLM_MAX_CONCURRENCY"),
    timeoutMs: envInt(env, "STUDIO_LLM_TIMEOUT_MS"),
    maxRetries: envInt(env, "STUDIO_LLM_MAX_RETRIES"),
  };
  const endpoints: EndpointConfig[] = [];
  const baseUrl = env.STUDIO_LLM_BASE_URL?.trim();
  if (baseUrl) {
    if (!env.STUDIO_LLM_MODEL?.trim()) {
      throw new LlmConfigError("STUDIO_LLM_MODEL is required when STUDIO_LLM_BASE_URL is set (the model name the server serves).");
    }
    endpoints.push(
      parseFromEnv(
        {
          ...shared,
          name: env.STUDIO_LLM_NAME?.trim() || "default",
          provider: "openai-compatible",
          baseUrl,
          apiKey: env.STUDIO_LLM_API_KEY?.trim() || undefined,
          model: env.STUDIO_LLM_MODEL.trim(),
          continuation: envEnum(env, "STUDIO_LLM_CONTINUATION", CONTINUATION_MODES),
        },
        "STUDIO_LLM_BASE_URL / STUDIO_LLM_MODEL",
      ),
    );
  }
  const modelPath = env.STUDIO_LLM_GGUF_PATH?.trim();
  if (modelPath) {
    endpoints.push(
      parseFromEnv(
        {
          ...shared,
          name: baseUrl ? "local-gguf" : env.STUDIO_LLM_NAME?.trim() || "local-gguf",
          provider: "local-gguf",
          modelPath: path.resolve(modelPath),
          model: baseUrl ? undefined : env.STUDIO_LLM_MODEL?.trim() || undefined,
          contextSize: envInt(env, "STUDIO_LLM_CONTEXT_SIZE"),
          // Local files continue natively; the variable is about the URL endpoint.
          continuation: "auto",
          // One in-process model cannot run many generations at once on a laptop CPU.
          maxConcurrency: shared.maxConcurrency ?? 1,
        },
        "STUDIO_LLM_GGUF_PATH",
      ),
    );
  }
  return endpoints;
}

/** The endpoint runs use unless a pipeline names another: the first of endpointsFromEnv, or null. */
export function defaultEndpointFromEnv(env: Env = process.env): EndpointConfig | null {
  return endpointsFromEnv(env)[0] ?? null;
}
