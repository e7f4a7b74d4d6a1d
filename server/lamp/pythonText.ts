// The official LaMP code is Python; these helpers reproduce the string behaviour it relies on
// (str.strip(), str.split(), the quote scanner and marker slicing in LaMP/prompts/utils.py),
// so that queries and prompts built here are character-for-character the official ones.

/** The characters Python's str.isspace() accepts; str.strip()/str.split() use exactly this set. */
const PY_WHITESPACE_CLASS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const LEADING_WS = new RegExp(`^[${PY_WHITESPACE_CLASS}]+`);
const TRAILING_WS = new RegExp(`[${PY_WHITESPACE_CLASS}]+$`);
const WS_RUN = new RegExp(`[${PY_WHITESPACE_CLASS}]+`);

/** Python `s.strip()`: JavaScript's trim() differs (it strips \uFEFF and keeps \x1c-\x1f and \x85). */
export function pythonStrip(s: string): string {
  return s.replace(LEADING_WS, "").replace(TRAILING_WS, "");
}

/** Python `s.split()` with no separator: runs of whitespace split, no empty strings at either end. */
export function pythonSplit(s: string): string[] {
  const stripped = pythonStrip(s);
  return stripped === "" ? [] : stripped.split(WS_RUN);
}

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
