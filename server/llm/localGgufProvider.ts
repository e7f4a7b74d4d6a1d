/**
 * A GGUF model file run in-process with node-llama-cpp on the CPU. Conversations are rendered into a
 * raw prompt with a chat template (the file's own, when recognised, else the endpoint's
 * rawPromptTemplate, else "plain"), so continuing a partial assistant turn is natural: the prefix is
 * simply the end of the prompt.
 *
 * Each model file is loaded once per process and shared by every client of it; its context holds
 * maxConcurrency sequences, one per generation in flight. unloadLocalModels() frees them all.
 * A file is loaded only after it passed checkModelFile (under STUDIO_MODELS_DIR, a GGUF file, not
 * the database), here again however the endpoint was configured.
 * Sampling follows node-llama-cpp's defaults where a param is unset (temperature unset = greedy).
 */
import path from "node:path";
import { LlamaCompletion, LlamaLogLevel, getLlama, type Llama, type LlamaContext, type LlamaModel, type Token } from "node-llama-cpp";
import { AsyncQueue } from "./asyncQueue";
import { detectRawPromptTemplate, renderRawPrompt } from "./chatTemplates";
import { AdaptiveConcurrencyLimiter } from "./endpointLimiter";
import { LlmConfigError, LlmError, describeEndpoint } from "./errors";
import { checkModelFile, modelFileRules } from "./localModelFile";
import { ReasoningStreamSplitter, extractContinuedReasoning } from "./reasoningExtraction";
import type {
  CallOptions,
  ChatMessage,
  EndpointConfig,
  GenerationParams,
  LlmProvider,
  LlmResult,
  LlmStreamEvent,
  RawPromptTemplateName,
} from "./types";

/** Tokens of left context used to detokenise a new token the way it reads in the full text. */
const DETOKENIZE_CONTEXT = 16;

/** Context window when neither the endpoint nor a smaller training context says otherwise. */
export const DEFAULT_LOCAL_CONTEXT_SIZE = 4096;

interface LoadedModel {
  model: LlamaModel;
  context: LlamaContext;
  /** Template detected from the file's own chat template, if any. */
  fileTemplate: RawPromptTemplateName | null;
  /** One slot per context sequence. */
  slots: AdaptiveConcurrencyLimiter;
}

let llamaPromise: Promise<Llama> | null = null;
const models = new Map<string, Promise<LoadedModel>>();

function getLocalLlama(): Promise<Llama> {
  // Prebuilt CPU binaries only: building llama.cpp or probing GPUs would need network and minutes.
  llamaPromise ??= getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  return llamaPromise;
}

async function loadModel(modelPath: string, contextSize: number | undefined, sequences: number): Promise<LoadedModel> {
  const checkedPath = await checkModelFile(modelPath, modelFileRules());
  const llama = await getLocalLlama();
  const model = await llama.loadModel({ modelPath: checkedPath });
  try {
    const size = contextSize ?? Math.min(model.trainContextSize, DEFAULT_LOCAL_CONTEXT_SIZE);
    const context = await model.createContext({ contextSize: size, sequences });
    const jinja = model.fileInfo.metadata.tokenizer?.chat_template;
    return {
      model,
      context,
      fileTemplate: detectRawPromptTemplate(typeof jinja === "string" ? jinja : null),
      slots: new AdaptiveConcurrencyLimiter({ maxConcurrency: sequences }),
    };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

/** The shared loaded model of a file (loads it on first use). */
export function getLocalModel(endpoint: EndpointConfig): Promise<LoadedModel> {
  const modelPath = path.resolve(endpoint.modelPath!);
  let loading = models.get(modelPath);
  if (!loading) {
    loading = loadModel(modelPath, endpoint.contextSize, endpoint.maxConcurrency);
    models.set(modelPath, loading);
    // A failed load is forgotten so a corrected file can be retried.
    loading.catch(() => models.delete(modelPath));
  }
  return loading;
}

/** Frees every loaded model and the runtime (end of tests, server shutdown). */
export async function unloadLocalModels(): Promise<void> {
  const loaded = [...models.values()];
  models.clear();
  for (const entry of loaded) {
    try {
      const { context, model } = await entry;
      await context.dispose();
      await model.dispose();
    } catch {
      // A model that failed to load has nothing to free.
    }
  }
  const llama = llamaPromise;
  llamaPromise = null;
  if (llama) await (await llama).dispose();
}

function finishReasonOf(stopReason: string): string {
  if (stopReason === "maxTokens") return "length";
  if (stopReason === "abort") return "abort";
  return "stop";
}

export class LocalGgufProvider implements LlmProvider {
  readonly #endpoint: EndpointConfig;

  constructor(endpoint: EndpointConfig) {
    if (endpoint.provider !== "local-gguf" || !endpoint.modelPath) {
      throw new LlmConfigError(`LocalGgufProvider needs a local-gguf endpoint with modelPath; "${endpoint.name}" has none.`);
    }
    this.#endpoint = endpoint;
  }

  toJSON(): { provider: "local-gguf"; endpoint: string } {
    return { provider: "local-gguf", endpoint: this.#endpoint.name };
  }

  async complete(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): Promise<LlmResult> {
    let result: LlmResult | null = null;
    for await (const event of this.#generate(messages, "", params, opts, false)) if (event.type === "result") result = event.result;
    return result!;
  }

  stream(messages: ChatMessage[], params: GenerationParams, opts: CallOptions): AsyncIterable<LlmStreamEvent> {
    return this.#generate(messages, "", params, opts, false);
  }

  continueAssistant(messages: ChatMessage[], assistantPrefix: string, params: GenerationParams, opts: CallOptions): AsyncIterable<LlmStreamEvent> {
    return this.#generate(messages, assistantPrefix, params, opts, true);
  }

  async *#generate(
    messages: ChatMessage[],
    assistantPrefix: string,
    params: GenerationParams,
    opts: CallOptions,
    isContinuation: boolean,
  ): AsyncGenerator<LlmStreamEvent> {
    const started = performance.now();
    const loaded = await getLocalModel(this.#endpoint);
    const template = loaded.fileTemplate ?? this.#endpoint.rawPromptTemplate ?? "plain";
    const rendered = renderRawPrompt(template, messages, assistantPrefix);
    const promptTokens = loaded.model.tokenize(rendered.prompt, true);
    const contextSize = loaded.context.contextSize;
    if (promptTokens.length + 1 >= contextSize) {
      throw new LlmError(
        `Local model ${describeEndpoint(this.#endpoint)}: the prompt has ${promptTokens.length} tokens, which does not fit ` +
          `its context of ${contextSize} tokens; shorten the prompt or raise contextSize.`,
        { kind: "bad_request", endpoint: this.#endpoint.name, retryable: false },
      );
    }

    const permit = await loaded.slots.acquire(opts.signal);
    const sequence = loaded.context.getSequence();
    const completion = new LlamaCompletion({ contextSequence: sequence });
    const queue = new AsyncQueue<string>();
    const generation = new AbortController();
    const onCallerAbort = () => generation.abort(opts.signal?.reason);
    if (opts.signal?.aborted) generation.abort(opts.signal.reason);
    else opts.signal?.addEventListener("abort", onCallerAbort, { once: true });
    let generatedTokens = 0;
    const recent: Token[] = [...promptTokens];
    let stopReason = "eogToken";
    const running = completion
      .generateCompletionWithMeta(promptTokens as Token[], {
        signal: generation.signal,
        maxTokens: params.maxTokens ?? contextSize - promptTokens.length - 1,
        temperature: params.temperature,
        topP: params.topP,
        seed: params.seed,
        customStopTriggers: [...rendered.stop, ...(params.stop ?? [])],
        onToken: (tokens) => {
          // Detokenised against the tokens before them, prompt included: node-llama-cpp's own text
          // chunks see only generated tokens, so a continuation's first word loses its leading space.
          queue.push(loaded.model.detokenize(tokens, false, recent.slice(-DETOKENIZE_CONTEXT)));
          recent.push(...tokens);
          generatedTokens += tokens.length;
        },
      })
      .then(
        (response) => {
          stopReason = response.metadata.stopReason;
          queue.end();
        },
        (error: unknown) => queue.fail(error),
      );

    const splitter = new ReasoningStreamSplitter({ startInsideThink: rendered.startsInsideThink });
    let completed = false;
    try {
      for await (const text of queue) yield* splitter.pushContent(text);
      completed = true;
    } finally {
      if (!completed) generation.abort(new Error("stream consumer stopped"));
      await running;
      opts.signal?.removeEventListener("abort", onCallerAbort);
      completion.dispose({ disposeSequence: false });
      sequence.dispose();
      permit.release("success");
    }
    yield* splitter.flush();
    const content = splitter.rawContent;
    const split = extractContinuedReasoning(rendered.assistantPrefill + assistantPrefix, { content });
    yield {
      type: "result",
      result: {
        ...split,
        content,
        finishReason: finishReasonOf(stopReason),
        usage: { promptTokens: promptTokens.length, completionTokens: generatedTokens, reasoningTokens: null, estimated: false },
        latencyMs: Math.round(performance.now() - started),
        cacheHit: false,
        attempts: 1,
        model: this.#endpoint.model,
        ...(isContinuation ? { continuation: { mode: "local-raw" as const, prefix: assistantPrefix } } : {}),
      },
    };
  }

  async dispose(): Promise<void> {
    // Loaded models are shared across clients of the same file; unloadLocalModels() frees them.
  }
}

export function createLocalGgufProvider(endpoint: EndpointConfig): LocalGgufProvider {
  return new LocalGgufProvider(endpoint);
}
