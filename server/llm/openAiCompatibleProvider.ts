/**
 * Any OpenAI-compatible endpoint (OpenAI, DeepSeek, vLLM, Ollama, llama.cpp server, OpenRouter)
 * through the `openai` npm client. One attempt per call: retries, limits, timeouts and the cache live
 * in llmClient.ts, so the client's own retry is off (maxRetries: 0).
 */
import OpenAI from "openai";
import { splitUrlCredentials } from "../urlCredentials";
import { renderRawPrompt } from "./chatTemplates";
import {
  buildDeepSeekPrefixMessages,
  buildVllmContinuation,
  deepSeekPrefixBaseUrl,
  resolveContinuationMode,
  type ProbedModel,
} from "./continuation";
import { LlmConfigError, LlmError, describeEndpoint } from "./errors";
import { ReasoningStreamSplitter, extractContinuedReasoning, extractReasoning, splitThinkTags } from "./reasoningExtraction";
import { countChatPromptTokens, countTokens } from "./tokenCount";
import type {
  CallOptions,
  ChatMessage,
  EndpointConfig,
  GenerationParams,
  LlmProvider,
  LlmResult,
  LlmStreamEvent,
  LlmUsage,
  ResolvedContinuationMode,
} from "./types";

/**
 * /completions defaults to 16 new tokens on OpenAI and vLLM, which would silently cut a reasoning
 * trace; a continuation without maxTokens gets this budget instead.
 */
export const RAW_COMPLETION_DEFAULT_MAX_TOKENS = 4096;

interface ProviderUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** Delta of one stream chunk, whatever the route. */
interface ChunkDelta {
  reasoning?: string;
  content?: string;
  finishReason?: string | null;
  usage?: ProviderUsage | null;
  model?: string;
}

function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function samplingBody(params: GenerationParams) {
  return omitUndefined({
    temperature: params.temperature,
    top_p: params.topP,
    max_tokens: params.maxTokens,
    seed: params.seed,
    stop: params.stop && params.stop.length > 0 ? params.stop : undefined,
  });
}

function usageFrom(provided: ProviderUsage | null | undefined, estimate: () => { prompt: number; completion: number }): LlmUsage {
  if (provided && typeof provided.prompt_tokens === "number" && typeof provided.completion_tokens === "number") {
    const reasoningTokens = provided.completion_tokens_details?.reasoning_tokens;
    return {
      promptTokens: provided.prompt_tokens,
      completionTokens: provided.completion_tokens,
      reasoningTokens: typeof reasoningTokens === "number" ? reasoningTokens : null,
      estimated: false,
    };
  }
  const counts = estimate();
  return { promptTokens: counts.prompt, completionTokens: counts.completion, reasoningTokens: null, estimated: true };
}

function reasoningOf(record: Record<string, unknown> | undefined | null): string | undefined {
  if (!record) return undefined;
  const value = record.reasoning_content ?? record.reasoning;
  return typeof value === "string" ? value : undefined;
}

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly #endpoint: EndpointConfig;
  readonly #client: OpenAI;
  #prefixClient: OpenAI | null = null;

  constructor(endpoint: EndpointConfig) {
    if (endpoint.provider !== "openai-compatible") {
      throw new LlmConfigError(`OpenAiCompatibleProvider got endpoint "${endpoint.name}" of provider "${endpoint.provider}".`);
    }
    if (!endpoint.baseUrl) throw new LlmConfigError(`Endpoint "${endpoint.name}": baseUrl is required for an OpenAI-compatible endpoint.`);
    this.#endpoint = endpoint;
    this.#client = this.#makeClient(endpoint.baseUrl);
  }

  /**
   * Credentials in the base URL (http://user:password@host) go as HTTP Basic authentication, as curl
   * sends them (fetch refuses such a URL, and the request line then never carries them). They take
   * the Authorization header from the API key; the endpoint's own headers win over both.
   */
  #makeClient(baseUrlWithCredentials: string): OpenAI {
    const { url, authorization } = splitUrlCredentials(baseUrlWithCredentials);
    return new OpenAI({
      baseURL: url,
      // The client refuses to start without a key; local servers ignore this placeholder.
      apiKey: this.#endpoint.apiKey ?? "not-needed",
      maxRetries: 0,
      timeout: this.#endpoint.timeoutMs,
      // Failures reach the caller as LlmError; the client's own console logging would only add noise.
      logLevel: "off",
      defaultHeaders: { ...(authorization ? { Authorization: authorization } : {}), ...this.#endpoint.headers },
    });
  }

  /** Keeps the client (and its key) out of JSON dumps of this object. */
  toJSON(): { provider: "openai-compatible"; endpoint: string } {
    return { provider: "openai-compatible", endpoint: this.#endpoint.name };
  }

  async complete(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): Promise<LlmResult> {
    const started = performance.now();
    const response: unknown = await this.#client.chat.completions.create(
      { model: this.#endpoint.model, messages, ...samplingBody(params) },
      { signal: opts.signal },
    );
    const choice = this.#firstChoice(response);
    const message = (choice.message ?? {}) as Record<string, unknown>;
    const content = typeof message.content === "string" ? message.content : "";
    const reasoningField = reasoningOf(message) ?? "";
    const split = extractReasoning({ content, reasoningField, startInsideThink: this.#endpoint.reasoningStartsInside });
    const body = response as { usage?: ProviderUsage; model?: string };
    return {
      ...split,
      content,
      finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
      usage: usageFrom(body.usage, () => ({
        prompt: countChatPromptTokens(messages),
        completion: countTokens(reasoningField) + countTokens(content),
      })),
      latencyMs: Math.round(performance.now() - started),
      cacheHit: false,
      attempts: 1,
      model: typeof body.model === "string" ? body.model : undefined,
    };
  }

  #firstChoice(response: unknown): Record<string, unknown> {
    const choices = (response as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices) || choices.length === 0 || typeof choices[0] !== "object" || choices[0] === null) {
      const shown = typeof response === "string" ? response.slice(0, 200) : JSON.stringify(response)?.slice(0, 200);
      throw new LlmError(`LLM endpoint ${describeEndpoint(this.#endpoint)} sent a response without choices: ${shown}`, {
        kind: "malformed_response",
        endpoint: this.#endpoint.name,
        retryable: true,
      });
    }
    return choices[0] as Record<string, unknown>;
  }

  stream(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): AsyncIterable<LlmStreamEvent> {
    return this.#streamChat(messages, {}, params, opts, {
      startInsideThink: this.#endpoint.reasoningStartsInside ?? false,
      finish: (raw) => extractReasoning({ ...raw, startInsideThink: this.#endpoint.reasoningStartsInside }),
      estimatePrompt: () => countChatPromptTokens(messages),
    });
  }

  continueAssistant(
    messages: ChatMessage[],
    assistantPrefix: string,
    params: GenerationParams,
    opts: CallOptions,
  ): AsyncIterable<LlmStreamEvent> {
    const self = this;
    return (async function* () {
      const mode = await resolveContinuationMode(self.#endpoint, () => self.#listModels(opts.signal));
      const continuation = { mode, prefix: assistantPrefix };
      const estimatePrompt = () => countChatPromptTokens([...messages, { role: "assistant", content: assistantPrefix }]);
      const finish = (raw: { content: string; reasoningField: string }) => extractContinuedReasoning(assistantPrefix, raw);
      const startInsideThink = splitThinkTags(assistantPrefix).endsInsideThink;
      if (mode === "vllm") {
        const request = buildVllmContinuation(messages, assistantPrefix);
        yield* self.#streamChat(request.messages, request.extraBody, params, opts, { startInsideThink, finish, estimatePrompt, continuation });
      } else if (mode === "deepseek-prefix") {
        self.#prefixClient ??= self.#makeClient(deepSeekPrefixBaseUrl(self.#endpoint.baseUrl!));
        const prefixMessages = buildDeepSeekPrefixMessages(messages, assistantPrefix);
        yield* self.#streamChat(prefixMessages, {}, params, opts, { startInsideThink, finish, estimatePrompt, continuation }, self.#prefixClient);
      } else if (mode === "completions-raw") {
        yield* self.#streamRaw(messages, assistantPrefix, params, opts, continuation);
      } else {
        throw new LlmConfigError(`Endpoint "${self.#endpoint.name}": continuation mode "${mode}" is for local GGUF files.`);
      }
    })();
  }

  async #listModels(signal?: AbortSignal): Promise<ProbedModel[]> {
    const page = await this.#client.models.list({ signal });
    return page.data as unknown as ProbedModel[];
  }

  #streamChat(
    messages: ReadonlyArray<unknown>,
    extraBody: Record<string, unknown>,
    params: GenerationParams,
    opts: CallOptions,
    shape: {
      startInsideThink: boolean;
      finish: (raw: { content: string; reasoningField: string }) => { reasoning: string; answer: string };
      estimatePrompt: () => number;
      continuation?: { mode: ResolvedContinuationMode; prefix: string };
    },
    client: OpenAI = this.#client,
  ): AsyncIterable<LlmStreamEvent> {
    const body = {
      model: this.#endpoint.model,
      messages,
      ...samplingBody(params),
      ...extraBody,
      stream: true as const,
      stream_options: { include_usage: true },
    };
    return this.#consume(
      async () => {
        // Extra body fields (continue_final_message, prefix) are not in the client's types; it sends them as given.
        const stream = await client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, {
          signal: opts.signal,
        });
        return {
          chunks: (async function* (): AsyncGenerator<ChunkDelta> {
            for await (const chunk of stream) {
              const choice = chunk.choices?.[0];
              const delta = (choice?.delta ?? {}) as Record<string, unknown>;
              yield {
                reasoning: reasoningOf(delta),
                content: typeof delta.content === "string" ? delta.content : undefined,
                finishReason: choice?.finish_reason,
                usage: chunk.usage as ProviderUsage | null | undefined,
                model: chunk.model,
              };
            }
          })(),
          abort: () => stream.controller.abort(),
        };
      },
      { ...shape, signal: opts.signal },
    );
  }

  #streamRaw(
    messages: ChatMessage[],
    assistantPrefix: string,
    params: GenerationParams,
    opts: CallOptions,
    continuation: { mode: ResolvedContinuationMode; prefix: string },
  ): AsyncIterable<LlmStreamEvent> {
    const rendered = renderRawPrompt(this.#endpoint.rawPromptTemplate!, messages, assistantPrefix);
    const fullPrefix = rendered.assistantPrefill + assistantPrefix;
    const client = this.#client;
    const body = {
      model: this.#endpoint.model,
      prompt: rendered.prompt,
      ...samplingBody(params),
      max_tokens: params.maxTokens ?? RAW_COMPLETION_DEFAULT_MAX_TOKENS,
      stop: [...rendered.stop, ...(params.stop ?? [])],
      stream: true as const,
      stream_options: { include_usage: true },
    };
    return this.#consume(
      async () => {
        const stream = await client.completions.create(body, { signal: opts.signal });
        return {
          chunks: (async function* (): AsyncGenerator<ChunkDelta> {
            for await (const chunk of stream) {
              const choice = chunk.choices?.[0];
              yield {
                content: typeof choice?.text === "string" ? choice.text : undefined,
                finishReason: choice?.finish_reason,
                usage: chunk.usage as ProviderUsage | null | undefined,
                model: chunk.model,
              };
            }
          })(),
          abort: () => stream.controller.abort(),
        };
      },
      {
        startInsideThink: rendered.startsInsideThink,
        finish: (raw) => extractContinuedReasoning(fullPrefix, raw),
        estimatePrompt: () => countTokens(rendered.prompt),
        continuation,
        signal: opts.signal,
      },
    );
  }

  /** Turns provider chunks into labelled deltas and one final result. */
  async *#consume(
    open: () => Promise<{ chunks: AsyncIterable<ChunkDelta>; abort: () => void }>,
    shape: {
      startInsideThink: boolean;
      finish: (raw: { content: string; reasoningField: string }) => { reasoning: string; answer: string };
      estimatePrompt: () => number;
      continuation?: { mode: ResolvedContinuationMode; prefix: string };
      signal?: AbortSignal;
    },
  ): AsyncGenerator<LlmStreamEvent> {
    const started = performance.now();
    const { chunks, abort } = await open();
    const splitter = new ReasoningStreamSplitter({ startInsideThink: shape.startInsideThink });
    let finishReason: string | null = null;
    let usage: ProviderUsage | null = null;
    let model: string | undefined;
    let completed = false;
    try {
      for await (const chunk of chunks) {
        if (chunk.usage) usage = chunk.usage;
        if (chunk.model) model ??= chunk.model;
        if (chunk.finishReason) finishReason = chunk.finishReason;
        if (chunk.reasoning) yield* splitter.pushReasoningField(chunk.reasoning);
        if (chunk.content) yield* splitter.pushContent(chunk.content);
      }
      completed = true;
    } finally {
      // A consumer that stops early (RPI cutting the stream) must not leave the request running.
      if (!completed) abort();
    }
    // The openai client ends an aborted stream quietly; the abort must surface (timeout or caller).
    if (shape.signal?.aborted) throw shape.signal.reason ?? new Error("aborted");
    if (finishReason === null) {
      throw new LlmError(
        `LLM endpoint ${describeEndpoint(this.#endpoint)} closed its stream before the response was finished (no finish_reason).`,
        { kind: "connection", endpoint: this.#endpoint.name, retryable: true },
      );
    }
    yield* splitter.flush();
    const raw = { content: splitter.rawContent, reasoningField: splitter.rawReasoningField };
    const split = shape.finish(raw);
    yield {
      type: "result",
      result: {
        ...split,
        content: raw.content,
        finishReason,
        usage: usageFrom(usage, () => ({
          prompt: shape.estimatePrompt(),
          completion: countTokens(raw.reasoningField) + countTokens(raw.content),
        })),
        latencyMs: Math.round(performance.now() - started),
        cacheHit: false,
        attempts: 1,
        model,
        ...(shape.continuation ? { continuation: shape.continuation } : {}),
      },
    };
  }

  async dispose(): Promise<void> {
    // The HTTP client holds no resources beyond keep-alive sockets, which close on their own.
  }
}
