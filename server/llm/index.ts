/**
 * Public surface of the LLM layer. Pipeline nodes import from here; the modules behind it may move.
 * (The local GGUF runtime is loaded on demand; import unloadLocalModels from ./localGgufProvider
 * directly where a process needs to free models.)
 */
export type {
  CallOptions,
  ChatMessage,
  ChatRole,
  ContinuationMode,
  EndpointConfig,
  GenerationParams,
  LlmDeltaEvent,
  LlmResult,
  LlmStreamEvent,
  LlmUsage,
  ProviderKind,
  RawPromptTemplateName,
  ResolvedContinuationMode,
} from "./types";
export { createLlmClient, collectStream } from "./llmClient";
export type { CreateLlmClientOptions, LlmClient, LlmClientEvent, LlmErrorSummary, LlmOperation } from "./llmClient";
export {
  LlmError,
  LlmAbortedError,
  LlmConfigError,
  ContinuationUnsupportedError,
  redactSecrets,
  type LlmErrorKind,
} from "./errors";
export {
  parseEndpointConfig,
  publicEndpointView,
  endpointsFromEnv,
  defaultEndpointFromEnv,
  type EndpointConfigInput,
  type PublicEndpointView,
} from "./endpointConfig";
export { buildThinkingPrefix, buildForcedAnswerPrefix } from "./continuation";
export { extractReasoning, extractContinuedReasoning, splitThinkTags, ReasoningStreamSplitter, THINK_OPEN, THINK_CLOSE } from "./reasoningExtraction";
export { countTokens, countChatPromptTokens } from "./tokenCount";
export { renderRawPrompt, RAW_PROMPT_TEMPLATE_NAMES } from "./chatTemplates";
