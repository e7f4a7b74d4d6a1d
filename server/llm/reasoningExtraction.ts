/**
 * Splits a model's output into reasoning and answer. Reasoning arrives in three ways:
 * a separate field (`reasoning_content` from DeepSeek and vLLM, `reasoning` from OpenRouter-style
 * servers), `<think>...</think>` blocks inside the content, or — when the chat template already opened
 * `<think>` for the model, as R1 distills do — content that starts inside the reasoning and only shows
 * `</think>`. An unclosed `<think>` (generation cut off while thinking) means all reasoning, no answer.
 */
import type { LlmDeltaEvent } from "./types";

export const THINK_OPEN = "<think>";
export const THINK_CLOSE = "</think>";

export interface ReasoningSplit {
  reasoning: string;
  answer: string;
}

/** Untrimmed split, plus whether the text ended inside an open think block. */
export interface RawReasoningSplit extends ReasoningSplit {
  endsInsideThink: boolean;
}

/**
 * Scans `<think>` blocks without trimming. When `startInsideThink` is false but a `</think>` comes
 * before any `<think>`, the text is taken to have started inside the reasoning (template pre-fill).
 */
export function splitThinkTags(text: string, startInsideThink = false): RawReasoningSplit {
  let inside = startInsideThink;
  if (!inside) {
    const firstClose = text.indexOf(THINK_CLOSE);
    const firstOpen = text.indexOf(THINK_OPEN);
    if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) inside = true;
  }
  const reasoningBlocks: string[] = [];
  let answer = "";
  let pos = 0;
  while (pos < text.length) {
    if (inside) {
      const close = text.indexOf(THINK_CLOSE, pos);
      if (close === -1) {
        reasoningBlocks.push(text.slice(pos));
        pos = text.length;
      } else {
        reasoningBlocks.push(text.slice(pos, close));
        pos = close + THINK_CLOSE.length;
        inside = false;
      }
    } else {
      const open = text.indexOf(THINK_OPEN, pos);
      if (open === -1) {
        answer += text.slice(pos);
        pos = text.length;
      } else {
        answer += text.slice(pos, open);
        pos = open + THINK_OPEN.length;
        inside = true;
      }
    }
  }
  return { reasoning: reasoningBlocks.join("\n"), answer, endsInsideThink: inside };
}

export interface ExtractReasoningInput {
  /** Message content as returned. */
  content: string | null | undefined;
  /** `reasoning_content` / `reasoning` field, when the server split the reasoning out itself. */
  reasoningField?: string | null;
  /** The prompt already opened `<think>` (so content begins inside the reasoning). */
  startInsideThink?: boolean;
}

/**
 * Reasoning and answer of one complete response, both trimmed. A non-empty reasoning field means the
 * server already took the reasoning out of the content, so the content is not read as starting inside.
 */
export function extractReasoning(input: ExtractReasoningInput): ReasoningSplit {
  const serverSplit = (input.reasoningField ?? "") !== "";
  const split = splitThinkTags(input.content ?? "", (input.startInsideThink ?? false) && !serverSplit);
  const reasoning = joinReasoning(input.reasoningField ?? "", split.reasoning);
  return { reasoning: reasoning.trim(), answer: split.answer.trim() };
}

/**
 * Reasoning and answer of a whole assistant turn made of a prefix we supplied and the text the model
 * generated after it (continuation). Concatenates raw so a thought cut mid-sentence reads on unbroken.
 */
export function extractContinuedReasoning(prefix: string, generated: ExtractReasoningInput): ReasoningSplit {
  const before = splitThinkTags(prefix);
  const field = generated.reasoningField ?? "";
  const after = splitThinkTags(generated.content ?? "", before.endsInsideThink && field === "");
  const reasoning = before.endsInsideThink
    ? before.reasoning + field + after.reasoning
    : joinReasoning(before.reasoning, joinReasoning(field, after.reasoning));
  return { reasoning: reasoning.trim(), answer: (before.answer + after.answer).trim() };
}

function joinReasoning(a: string, b: string): string {
  if (a.trim() === "") return b;
  if (b.trim() === "") return a;
  return `${a.replace(/\s+$/, "")}\n${b.replace(/^\s+/, "")}`;
}

/**
 * Incremental version for streams: turns content and reasoning-field deltas into labelled events as
 * they arrive, holding back a possible partial tag ("<thi", "</th") until the next chunk decides it.
 * The final split (result()) re-reads the whole text, so it is exact even where the live labels could
 * not be (content that turns out to have been reasoning when a bare `</think>` appears).
 */
export class ReasoningStreamSplitter {
  private inside: boolean;
  private pending = "";
  private content = "";
  private reasoningField = "";
  private readonly startInsideThink: boolean;

  constructor(options: { startInsideThink?: boolean } = {}) {
    this.startInsideThink = options.startInsideThink ?? false;
    this.inside = this.startInsideThink;
  }

  /** Raw content received so far (tags included). */
  get rawContent(): string {
    return this.content;
  }

  /** Reasoning received through a separate field so far. */
  get rawReasoningField(): string {
    return this.reasoningField;
  }

  pushReasoningField(text: string): LlmDeltaEvent[] {
    if (!text) return [];
    // The server separates reasoning itself, so content is answer unless it opens <think> explicitly.
    if (this.content === "") this.inside = false;
    this.reasoningField += text;
    return [{ type: "reasoning", text }];
  }

  pushContent(text: string): LlmDeltaEvent[] {
    if (!text) return [];
    this.content += text;
    let buffer = this.pending + text;
    this.pending = "";
    const events: LlmDeltaEvent[] = [];
    const emit = (type: "reasoning" | "content", piece: string): void => {
      if (!piece) return;
      const last = events[events.length - 1];
      if (last && last.type === type) last.text += piece;
      else events.push({ type, text: piece });
    };
    for (;;) {
      if (this.inside) {
        const close = buffer.indexOf(THINK_CLOSE);
        if (close === -1) break;
        emit("reasoning", buffer.slice(0, close));
        buffer = buffer.slice(close + THINK_CLOSE.length);
        this.inside = false;
      } else {
        const open = buffer.indexOf(THINK_OPEN);
        const close = buffer.indexOf(THINK_CLOSE);
        if (open === -1 && close === -1) break;
        if (close !== -1 && (open === -1 || close < open)) {
          // A bare </think>: the text just before it was reasoning whose <think> the template wrote.
          emit("reasoning", buffer.slice(0, close));
          buffer = buffer.slice(close + THINK_CLOSE.length);
        } else {
          emit("content", buffer.slice(0, open));
          buffer = buffer.slice(open + THINK_OPEN.length);
          this.inside = true;
        }
      }
    }
    const held = partialTagSuffixLength(buffer);
    this.pending = buffer.slice(buffer.length - held);
    emit(this.inside ? "reasoning" : "content", buffer.slice(0, buffer.length - held));
    return events;
  }

  /** Releases a held-back fragment that never became a tag. */
  flush(): LlmDeltaEvent[] {
    const rest = this.pending;
    this.pending = "";
    return rest ? [{ type: this.inside ? "reasoning" : "content", text: rest }] : [];
  }

  result(): ReasoningSplit {
    return extractReasoning({
      content: this.content,
      reasoningField: this.reasoningField,
      startInsideThink: this.startInsideThink,
    });
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of a think tag. */
function partialTagSuffixLength(text: string): number {
  const maxLength = Math.min(text.length, THINK_CLOSE.length - 1);
  for (let length = maxLength; length > 0; length--) {
    const suffix = text.slice(text.length - length);
    if (THINK_OPEN.startsWith(suffix) || THINK_CLOSE.startsWith(suffix)) return length;
  }
  return 0;
}
