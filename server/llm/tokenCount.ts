/**
 * Token counts for when a server reports no usage (streams without include_usage, some local servers).
 * o200k_base is one fixed offline tokenizer: counts differ from each model's own tokenizer by some
 * percent, which is why results built on them carry `usage.estimated: true`.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import type { ChatMessage } from "./types";

let encoder: Tiktoken | null = null;

function getEncoder(): Tiktoken {
  // Built on first use and kept: loading the rank table costs about a second.
  encoder ??= new Tiktoken(o200kBase);
  return encoder;
}

export function countTokens(text: string): number {
  if (text === "") return 0;
  return getEncoder().encode(text).length;
}

/** Per-message framing overhead of chat formats (role markers, separators), as OpenAI documents it. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY_PRIMER = 3;

export function countChatPromptTokens(messages: ReadonlyArray<ChatMessage>): number {
  let total = TOKENS_PER_REPLY_PRIMER;
  for (const message of messages) total += TOKENS_PER_MESSAGE + countTokens(message.content);
  return total;
}

/** The longest start of `text` that is at most `maxTokens` o200k tokens (decoded back from the first tokens). */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  const ids = getEncoder().encode(text);
  return ids.length <= maxTokens ? text : getEncoder().decode(ids.slice(0, maxTokens));
}
