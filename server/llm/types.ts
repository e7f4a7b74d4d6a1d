/**
 * Shared vocabulary of the LLM layer. Everything the pipeline sends to or receives from a model goes
 * through these shapes, whatever runs the model (an OpenAI-compatible server or a local GGUF file).
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/**
 * How a partial assistant turn is continued (RPI needs this):
 * - `vllm`: chat completions with `continue_final_message: true, add_generation_prompt: false`.
 * - `deepseek-prefix`: DeepSeek chat prefix completion (`prefix: true` on the last assistant message).
 * - `completions-raw`: plain `/completions` on a prompt rendered with `rawPromptTemplate`.
 * - `none`: the endpoint cannot continue; asking it to fails with ContinuationUnsupportedError.
 * - `auto`: decided once per endpoint, see resolveContinuationMode in continuation.ts.
 */
export type ContinuationMode = "auto" | "vllm" | "deepseek-prefix" | "completions-raw" | "none";

/** Chat templates this layer can render into a raw prompt (chatTemplates.ts). */
export type RawPromptTemplateName = "chatml" | "qwen3" | "deepseek-r1" | "plain";

export type ProviderKind = "openai-compatible" | "local-gguf";

export interface EndpointConfig {
  /** Display name, used in errors and events. */
  name: string;
  provider: ProviderKind;
  /** OpenAI-compatible base URL including the version path, e.g. http://127.0.0.1:8000/v1. */
  baseUrl?: string;
  /** Server-side only: never logged, returned, exported or cached (see publicEndpointView). */
  apiKey?: string;
  model: string;
  headers?: Record<string, string>;
  continuation: ContinuationMode;
  /** Template for `completions-raw` (and for local GGUF files whose own template is not recognised). */
  rawPromptTemplate?: RawPromptTemplateName;
  /**
   * The server's chat template opens `<think>` itself (R1 distills do), so generated text starts inside
   * the reasoning. Streams then label that text as reasoning from the first token; without the flag it
   * is labelled content until `</think>` shows up (the final result is right either way).
   */
  reasoningStartsInside?: boolean;
  /** Upper bound of requests in flight to this endpoint from this process. */
  maxConcurrency: number;
  /** Non-streaming: whole request. Streaming: longest silence between chunks (and before the first). */
  timeoutMs: number;
  /** Retries after the first attempt, for retryable errors only. */
  maxRetries: number;
  /** local-gguf: path of the .gguf file. */
  modelPath?: string;
  /** local-gguf: context window in tokens (defaults to the model's training context, capped at 4096). */
  contextSize?: number;
}

export interface GenerationParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Distinguishes repeated samples of the same request (SRM): part of the cache key. */
  sampleIndex?: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Reasoning tokens as reported by the provider; null when it did not say. */
  reasoningTokens: number | null;
  /** True when the counts come from our tokenizer because the provider gave none. */
  estimated: boolean;
}

export type ResolvedContinuationMode = "vllm" | "deepseek-prefix" | "completions-raw" | "local-raw";

export interface LlmResult {
  reasoning: string;
  /** Answer text with the reasoning removed. */
  answer: string;
  /** Raw text as returned (for a continuation: only the newly generated text). */
  content: string;
  /** "stop" | "length" | "abort" | whatever the provider said; null when it said nothing. */
  finishReason: string | null;
  usage: LlmUsage;
  /** Duration of the attempt that produced the result (queueing and retries excluded); lookup time for a cache hit. */
  latencyMs: number;
  cacheHit: boolean;
  /** HTTP/model attempts made for this result; 0 for a cache hit. */
  attempts: number;
  /** Model name the server reported, when it did. */
  model?: string;
  /** Set on results of continueAssistant; reasoning and answer then cover prefix + generated text. */
  continuation?: { mode: ResolvedContinuationMode; prefix: string };
}

/**
 * Stream events. Deltas come first; `restart` means a retry began after text was already delivered,
 * so whatever the consumer accumulated must be discarded; `result` is always the last event.
 */
export type LlmStreamEvent =
  | { type: "reasoning"; text: string }
  | { type: "content"; text: string }
  | { type: "restart"; attempt: number; reason: string }
  | { type: "result"; result: LlmResult };

export type LlmDeltaEvent = Extract<LlmStreamEvent, { type: "reasoning" | "content" }>;

/** What a model runtime implements; LlmClient adds limits, retries and the cache on top. */
export interface LlmProvider {
  complete(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): Promise<LlmResult>;
  stream(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): AsyncIterable<LlmStreamEvent>;
  continueAssistant(
    messages: ChatMessage[],
    assistantPrefix: string,
    params: GenerationParams,
    opts: CallOptions,
  ): AsyncIterable<LlmStreamEvent>;
  dispose(): Promise<void>;
}

/**
 * What pipeline nodes call a model through: one endpoint with limits, retries and the cache already
 * applied. LlmClient (llmClient.ts) implements it; nodes never create or dispose of a client.
 */
export interface LlmCaller {
  /** The endpoint without its key and headers (the fields of endpointConfig's PublicEndpointView). */
  readonly endpoint: Omit<EndpointConfig, "apiKey" | "headers">;
  complete(messages: ChatMessage[], params?: GenerationParams, opts?: CallOptions): Promise<LlmResult>;
  stream(messages: ChatMessage[], params?: GenerationParams, opts?: CallOptions): AsyncIterable<LlmStreamEvent>;
  continueAssistant(
    messages: ChatMessage[],
    assistantPrefix: string,
    params?: GenerationParams,
    opts?: CallOptions,
  ): AsyncIterable<LlmStreamEvent>;
}
