// Tokenizers for the official prompt's token budget (LAMP.md 2.6). The official budget counts
// FlanT5 SentencePiece tokens; that tokenizer (its spiece.model) is not available offline, so the
// studio offers whitespace words and two OpenAI BPE encodings instead. Counts therefore differ
// from the official ones: T5 adds an end-of-sequence token to every count and splits words finer.
import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { pythonSplit } from "./pythonText";

export const PROMPT_TOKENIZER_NAMES = ["whitespace", "cl100k_base", "o200k_base", "none"] as const;
/** "none" turns truncation off: every retrieved item goes into the prompt whole. */
export type PromptTokenizerName = (typeof PROMPT_TOKENIZER_NAMES)[number];

export type Truncation = { text: string; tokens: number; totalTokens: number };

export interface PromptTokenizer {
  readonly name: string;
  count(text: string): number;
  /**
   * Like `tokenizer(text, max_length=m, truncation=True)` followed by `batch_decode`: the text of
   * the first `maxTokens` tokens, decoded, even when nothing was cut.
   */
  truncate(text: string, maxTokens: number): Truncation;
}

/** Python `str.split()` words; decoding joins them with one space, as a word-level tokenizer would. */
export const whitespaceTokenizer: PromptTokenizer = {
  name: "whitespace",
  count: (text) => pythonSplit(text).length,
  truncate(text, maxTokens) {
    const words = pythonSplit(text);
    const kept = words.slice(0, Math.max(0, maxTokens));
    return { text: kept.join(" "), tokens: kept.length, totalTokens: words.length };
  },
};

function tiktokenTokenizer(name: string, load: () => Tiktoken): PromptTokenizer {
  return {
    name,
    count: (text) => (text === "" ? 0 : load().encode(text).length),
    truncate(text, maxTokens) {
      const ids = load().encode(text);
      const kept = ids.slice(0, Math.max(0, maxTokens));
      // A cut inside a multi-byte character decodes to U+FFFD, as byte-level BPE decoders do.
      return { text: load().decode(kept), tokens: kept.length, totalTokens: ids.length };
    },
  };
}

// Building an encoder from its rank table takes about a second, so each is built on first use.
const encoders = new Map<string, Tiktoken>();
function encoder(name: "cl100k_base" | "o200k_base"): Tiktoken {
  let e = encoders.get(name);
  if (!e) {
    e = new Tiktoken(name === "cl100k_base" ? cl100kBase : o200kBase);
    encoders.set(name, e);
  }
  return e;
}

const TOKENIZERS: Record<Exclude<PromptTokenizerName, "none">, PromptTokenizer> = {
  whitespace: whitespaceTokenizer,
  cl100k_base: tiktokenTokenizer("cl100k_base", () => encoder("cl100k_base")),
  o200k_base: tiktokenTokenizer("o200k_base", () => encoder("o200k_base")),
};

export function getPromptTokenizer(name: Exclude<PromptTokenizerName, "none">): PromptTokenizer {
  const tokenizer = TOKENIZERS[name];
  if (!tokenizer) throw new Error(`Unknown prompt tokenizer "${String(name)}"; expected one of ${PROMPT_TOKENIZER_NAMES.join(", ")}`);
  return tokenizer;
}
