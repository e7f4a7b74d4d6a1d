import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";

/**
 * Tokenizer fallback for reasoning length when the provider reports no count. o200k_base (GPT-4o
 * family) is one fixed, offline tokenizer, so lengths are comparable across runs even though they
 * differ from each model's own tokenizer by some percent.
 */
let encoder: Tiktoken | null = null;

export function countO200kTokens(text: string): number {
  if (text === "") return 0;
  // Built on first use: the rank table takes about a second to load.
  encoder ??= new Tiktoken(o200kBase);
  return encoder.encode(text).length;
}
