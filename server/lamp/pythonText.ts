// The official LaMP code is Python; these helpers reproduce the string behaviour it relies on
// (str.strip(), str.split(), the quote scanner and marker slicing in LaMP/prompts/utils.py),
// so that queries and prompts built here are character-for-character the official ones.

import { pythonSplit, pythonStrip } from "../retrieval/pythonStrings";

// One definition of Python's whitespace for the whole server (BM25 tokenizes with it too).
export { pythonSplit, pythonStrip };

/**
 * `extract_strings_between_quotes` from LaMP/prompts/utils.py: every text between a pair of
 * double quotes, in order. There is no escaping; an unclosed final quote is dropped.
 */
export function extractStringsBetweenQuotes(input: string): string[] {
  const found: string[] = [];
  let inside = false;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '"') continue;
    if (inside) found.push(input.slice(start, i));
    else start = i + 1;
    inside = !inside;
  }
  return found;
}

/**
 * `extract_after_article` and its siblings: the text after the FIRST occurrence of `marker`,
 * stripped; null when the marker is absent (the official helpers return None there).
 */
export function extractAfter(input: string, marker: string): string | null {
  const at = input.indexOf(marker);
  if (at === -1) return null;
  return pythonStrip(input.slice(at + marker.length));
}

/**
 * `add_string_after_title`: inserts ", and " + addition right after the first "title" (which may be
 * part of a longer word); when "title" is absent the input comes back unchanged, profile dropped.
 */
export function addStringAfterTitle(original: string, addition: string): string {
  const at = original.indexOf("title");
  if (at === -1) return original;
  return original.slice(0, at + 5) + ", and " + addition + original.slice(at + 5);
}
