// Tokenizers for lexical retrieval. The official LaMP BM25 tokenizes with Python `x.split()`:
// case kept, punctuation kept, no stemming. Lowercasing and stemming are non-official variants.
import { stemmer } from "stemmer";
import { pythonSplit } from "./pythonStrings";

export type TokenizerOptions = {
  /** Lowercase every token (not official). */
  lowercase?: boolean;
  /** Porter-stem every token with the `stemmer` package (not official; it lowercases as well). */
  stem?: boolean;
};

export function tokenize(text: string, options: TokenizerOptions = {}): string[] {
  const tokens = pythonSplit(text);
  if (options.stem) return tokens.map((t) => stemmer(t));
  if (options.lowercase) return tokens.map((t) => t.toLowerCase());
  return tokens;
}

export function isOfficialTokenizer(options: TokenizerOptions | undefined): boolean {
  return !options?.lowercase && !options?.stem;
}
