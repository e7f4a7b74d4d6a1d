/**
 * Continuing a partial assistant turn: the reasoning so far plus an injected corrective thought (RPI),
 * or a forced answer prefix (think budgets). Each server family has its own way to say "carry on from
 * this text instead of starting a new turn"; this module picks one per endpoint and builds its request.
 *
 * `auto` resolves once per endpoint and process, in this order:
 *   1. local GGUF files always continue natively (raw completion on a rendered prompt);
 *   2. the DeepSeek API (host api.deepseek.com) uses chat prefix completion on its /beta base URL;
 *   3. GET {baseUrl}/models: an entry owned_by "vllm" (or carrying vLLM's max_model_len) means vLLM;
 *   4. a configured rawPromptTemplate means plain /completions on the rendered prompt;
 *   5. otherwise ContinuationUnsupportedError, naming the endpoint and the settings that would work.
 */
import { redactUrlsIn } from "../urlCredentials";
import { ContinuationUnsupportedError, describeEndpoint, redactSecrets } from "./errors";
import { endpointLimiterKey } from "./endpointLimiter";
import { RAW_PROMPT_TEMPLATE_NAMES } from "./chatTemplates";
import { splitThinkTags } from "./reasoningExtraction";
import type { ChatMessage, EndpointConfig, ResolvedContinuationMode } from "./types";

export interface ProbedModel {
  id: string;
  owned_by?: string;
  max_model_len?: number;
}

/** Lists the endpoint's models (GET /models); used only by `auto`. */
export type ModelListProbe = () => Promise<ProbedModel[]>;

const EXPLICIT_OPTIONS =
  `set continuation to "vllm" (vLLM: continue_final_message), "deepseek-prefix" (DeepSeek chat prefix completion), ` +
  `or "completions-raw" with rawPromptTemplate one of ${RAW_PROMPT_TEMPLATE_NAMES.join(", ")} (plain /completions on a rendered prompt)`;

const resolved = new Map<string, ResolvedContinuationMode>();

/** Forgets what `auto` decided (tests, or after an endpoint was reconfigured). */
export function resetContinuationProbes(): void {
  resolved.clear();
}

export function isDeepSeekApi(baseUrl: string | undefined): boolean {
  if (!baseUrl) return false;
  try {
    return new URL(baseUrl).hostname === "api.deepseek.com";
  } catch {
    return false;
  }
}

/**
 * DeepSeek serves prefix completion only under /beta; other servers that accept `prefix: true` are
 * used at their configured URL.
 */
export function deepSeekPrefixBaseUrl(baseUrl: string): string {
  if (!isDeepSeekApi(baseUrl)) return baseUrl;
  const url = new URL(baseUrl);
  return url.pathname.replace(/\/+$/, "") === "/beta" ? baseUrl : `${url.origin}/beta`;
}

export async function resolveContinuationMode(endpoint: EndpointConfig, probe?: ModelListProbe): Promise<ResolvedContinuationMode> {
  if (endpoint.provider === "local-gguf") return "local-raw";
  switch (endpoint.continuation) {
    case "vllm":
    case "deepseek-prefix":
      return endpoint.continuation;
    case "completions-raw":
      if (!endpoint.rawPromptTemplate) {
        throw new ContinuationUnsupportedError(
          `Endpoint ${describeEndpoint(endpoint)} has continuation "completions-raw" but no rawPromptTemplate; ` +
            `set rawPromptTemplate to one of ${RAW_PROMPT_TEMPLATE_NAMES.join(", ")} (the chat format the model was trained on).`,
          endpoint.name,
        );
      }
      return "completions-raw";
    case "none":
      throw new ContinuationUnsupportedError(
        `Endpoint ${describeEndpoint(endpoint)} cannot continue a partial assistant turn: its continuation is "none". ` +
          `To use interventions (RPI) or forced answer prefixes, ${EXPLICIT_OPTIONS}, or "auto" to detect it.`,
        endpoint.name,
      );
    case "auto":
      break;
    default:
      throw new ContinuationUnsupportedError(
        `Endpoint ${describeEndpoint(endpoint)} has an unknown continuation "${String(endpoint.continuation)}"; ${EXPLICIT_OPTIONS}.`,
        endpoint.name,
      );
  }

  const key = `${endpointLimiterKey(endpoint)}|${endpoint.model}`;
  const known = resolved.get(key);
  if (known) return known;

  let found: ResolvedContinuationMode | null = null;
  let probeNote = "no model list was requested";
  if (isDeepSeekApi(endpoint.baseUrl)) {
    found = "deepseek-prefix";
  } else if (probe) {
    try {
      const models = await probe();
      if (models.some((m) => m.owned_by === "vllm" || typeof m.max_model_len === "number")) found = "vllm";
      else probeNote = `GET /models answered owned_by ${JSON.stringify([...new Set(models.map((m) => m.owned_by ?? "?"))])}`;
    } catch (error) {
      // A failed probe is not remembered: the server may just be starting.
      const reason = error instanceof Error ? error.message : String(error);
      probeNote = `GET /models failed (${redactSecrets(redactUrlsIn(reason), [endpoint.apiKey])})`;
      if (endpoint.rawPromptTemplate) return "completions-raw";
      throw new ContinuationUnsupportedError(
        `Endpoint ${describeEndpoint(endpoint)} has continuation "auto", and the capability probe failed: ${probeNote}. ${capitalise(EXPLICIT_OPTIONS)}.`,
        endpoint.name,
      );
    }
  }
  if (!found && endpoint.rawPromptTemplate) found = "completions-raw";
  if (!found) {
    throw new ContinuationUnsupportedError(
      `Endpoint ${describeEndpoint(endpoint)} has continuation "auto", but no way to continue a partial assistant turn ` +
        `was detected (${probeNote}; not vLLM, not the DeepSeek API, no rawPromptTemplate). ${capitalise(EXPLICIT_OPTIONS)}.`,
      endpoint.name,
    );
  }
  resolved.set(key, found);
  return found;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** vLLM: the partial turn is the last message, and the template must leave it open. */
export function buildVllmContinuation(messages: ReadonlyArray<ChatMessage>, assistantPrefix: string) {
  return {
    messages: [...messages, { role: "assistant" as const, content: assistantPrefix }],
    extraBody: { continue_final_message: true, add_generation_prompt: false },
  };
}

export interface DeepSeekPrefixMessage {
  role: "assistant";
  content: string;
  reasoning_content?: string;
  prefix: true;
}

/**
 * DeepSeek: `prefix: true` on the last assistant message. DeepSeek's API keeps reasoning apart from
 * content, so a prefix with a `<think>` part sends that part as `reasoning_content` and the rest as
 * content; a prefix without reasoning goes as content unchanged.
 */
export function buildDeepSeekPrefixMessages(
  messages: ReadonlyArray<ChatMessage>,
  assistantPrefix: string,
): Array<ChatMessage | DeepSeekPrefixMessage> {
  const split = splitThinkTags(assistantPrefix);
  const hasReasoning = split.endsInsideThink || assistantPrefix.includes("<think>") || assistantPrefix.includes("</think>");
  // The API tells an open thought from a closed one only by the content: reasoning with an empty
  // content is continued as reasoning. A closed `</think>` (a budget stop) must therefore send a
  // non-empty content, or the model goes on thinking: the answer prefix, else a line break.
  const closed = hasReasoning && !split.endsInsideThink;
  const content = split.answer.replace(/^\s+/, "");
  const last: DeepSeekPrefixMessage = hasReasoning
    ? { role: "assistant", content: closed && content === "" ? "\n" : content, reasoning_content: split.reasoning.replace(/^\n/, ""), prefix: true }
    : { role: "assistant", content: assistantPrefix, prefix: true };
  return [...messages, last];
}

/**
 * The partial assistant turn an intervention continues from: the reasoning so far, then the injected
 * thought, inside an open `<think>` block so the model keeps thinking.
 */
export function buildThinkingPrefix(reasoningSoFar: string, injectedThought: string): string {
  const reasoning = reasoningSoFar.replace(/\s+$/, "");
  const thought = injectedThought.trim();
  if (!reasoning) return `<think>\n${thought}`;
  if (!thought) return `<think>\n${reasoning}`;
  return `<think>\n${reasoning}\n\n${thought}`;
}

/** Forces the end of reasoning and starts the answer (think-budget early stop). */
export function buildForcedAnswerPrefix(reasoningSoFar: string, answerPrefix = ""): string {
  return `<think>\n${reasoningSoFar.replace(/\s+$/, "")}\n</think>\n\n${answerPrefix}`;
}
