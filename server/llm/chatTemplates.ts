/**
 * Raw prompt rendering for endpoints that continue a partial assistant turn through plain completion
 * (`completions-raw`) and for local GGUF files. Each template renders the conversation, opens the
 * assistant turn and appends the partial assistant text, so the model picks up mid-turn.
 *
 * No template writes a BOS token: vLLM's /completions, llama.cpp servers and node-llama-cpp add it
 * themselves, and a second one degrades some models.
 */
import { LlmConfigError } from "./errors";
import { splitThinkTags } from "./reasoningExtraction";
import type { ChatMessage, RawPromptTemplateName } from "./types";

export const RAW_PROMPT_TEMPLATE_NAMES: readonly RawPromptTemplateName[] = ["chatml", "qwen3", "deepseek-r1", "plain"];

export interface RenderedPrompt {
  prompt: string;
  /** End-of-turn markers of the template, to pass as stop strings. */
  stop: string[];
  /** What the template itself wrote at the start of the assistant turn (DeepSeek-R1: "<think>\n"). */
  assistantPrefill: string;
  /** The text the model generates next begins inside a `<think>` block. */
  startsInsideThink: boolean;
}

// DeepSeek's special tokens use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581).
const DS_USER = "<\uFF5CUser\uFF5C>";
const DS_ASSISTANT = "<\uFF5CAssistant\uFF5C>";
const DS_EOS = "<\uFF5Cend\u2581of\u2581sentence\uFF5C>";

const IM_START = "<|im_start|>";
const IM_END = "<|im_end|>";

/** Earlier assistant turns are shown to reasoning models without their reasoning, as their templates do. */
function withoutReasoning(content: string): string {
  return splitThinkTags(content).answer.trim();
}

function renderChatMl(messages: ReadonlyArray<ChatMessage>, stripReasoning: boolean): string {
  return messages
    .map((m) => {
      const content = stripReasoning && m.role === "assistant" ? withoutReasoning(m.content) : m.content;
      return `${IM_START}${m.role}\n${content}${IM_END}\n`;
    })
    .join("");
}

function renderDeepSeekR1(messages: ReadonlyArray<ChatMessage>): string {
  // The R1 template puts all system text first, unmarked, then alternates User/Assistant markers.
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
  let out = system;
  for (const m of messages) {
    if (m.role === "user") out += `${DS_USER}${m.content}`;
    else if (m.role === "assistant") out += `${DS_ASSISTANT}${withoutReasoning(m.content)}${DS_EOS}`;
  }
  return out;
}

function renderPlain(messages: ReadonlyArray<ChatMessage>): string {
  const label = { system: "System", user: "User", assistant: "Assistant" } as const;
  return messages.map((m) => `${label[m.role]}: ${m.content}\n\n`).join("");
}

/**
 * Renders the conversation and the partial assistant turn `assistantPrefix` (empty for a fresh turn).
 * The prefix is raw assistant text, reasoning included as `<think>...`, exactly as the model would
 * have written it.
 */
export function renderRawPrompt(
  template: RawPromptTemplateName,
  messages: ReadonlyArray<ChatMessage>,
  assistantPrefix = "",
): RenderedPrompt {
  if (messages.length > 0 && messages[messages.length - 1].role === "assistant") {
    throw new LlmConfigError(
      "renderRawPrompt: the last message is an assistant message; pass a partial assistant turn as assistantPrefix instead.",
    );
  }
  let head: string;
  let opening: string;
  let assistantPrefill = "";
  let stop: string[];
  switch (template) {
    case "chatml":
      head = renderChatMl(messages, false);
      opening = `${IM_START}assistant\n`;
      stop = [IM_END, "<|endoftext|>"];
      break;
    case "qwen3":
      head = renderChatMl(messages, true);
      opening = `${IM_START}assistant\n`;
      stop = [IM_END, "<|endoftext|>"];
      break;
    case "deepseek-r1":
      head = renderDeepSeekR1(messages);
      opening = DS_ASSISTANT;
      // The current R1 template forces the reasoning to start; a caller's prefix carries its own <think>.
      assistantPrefill = assistantPrefix === "" ? "<think>\n" : "";
      stop = [DS_EOS];
      break;
    case "plain":
      head = renderPlain(messages);
      opening = "Assistant:";
      assistantPrefill = assistantPrefix === "" ? " " : "";
      stop = ["\nUser:", "\nSystem:"];
      break;
    default:
      throw new LlmConfigError(
        `Unknown raw prompt template "${String(template)}"; expected one of ${RAW_PROMPT_TEMPLATE_NAMES.join(", ")}.`,
      );
  }
  const assistantText = assistantPrefill + assistantPrefix;
  return {
    prompt: head + opening + assistantText,
    stop,
    assistantPrefill,
    startsInsideThink: splitThinkTags(assistantText).endsInsideThink,
  };
}

/** Guesses our template from a GGUF file's Jinja chat template (tokenizer.chat_template). */
export function detectRawPromptTemplate(jinja: string | undefined | null): RawPromptTemplateName | null {
  if (!jinja) return null;
  if (jinja.includes(DS_ASSISTANT)) return "deepseek-r1";
  if (jinja.includes(IM_START)) return jinja.includes("<think>") ? "qwen3" : "chatml";
  return null;
}
