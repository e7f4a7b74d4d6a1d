// The official LaMP code is Python: its tokenizer is `str.split()`, its evaluator calls `str.strip()`
// and `float()`, its recency retriever `int()`. split() and strip() use the characters of `str.isspace()`,
// which are not JavaScript's \s (JavaScript also treats \uFEFF as space, and does not treat \x1c-\x1f
// or \x85 as space).

/** Every character Python 3's str.isspace() accepts (checked against CPython 3.11 over all of Unicode). */
export const PYTHON_WHITESPACE_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const LEADING = new RegExp(`^[${PYTHON_WHITESPACE_CLASS}]+`);
const TRAILING = new RegExp(`[${PYTHON_WHITESPACE_CLASS}]+$`);
const ONE = new RegExp(`^[${PYTHON_WHITESPACE_CLASS}]$`);

export function isPythonWhitespace(ch: string): boolean {
  return ONE.test(ch);
}

/** Python `s.strip()` with no argument. */
export function pythonStrip(s: string): string {
  return s.replace(LEADING, "").replace(TRAILING, "");
}

function isWhitespaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Python `s.split()` with no argument: split on runs of whitespace, never an empty string. */
export function pythonSplit(s: string): string[] {
  // A character-code scan: this runs for every profile item of every example, so it avoids regexes.
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isWhitespaceCode(s.charCodeAt(i))) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/**
 * The text CPython's float() and int() actually parse: every non-ASCII whitespace becomes a space,
 * every non-ASCII decimal digit (category Nd) its ASCII digit, then ASCII whitespace " \t\n\v\f\r"
 * is stripped from both ends (so \x1c-\x1f are NOT stripped, unlike str.strip()). Any other non-ASCII
 * character makes the number invalid: null.
 */
export function pythonNumberText(text: string): string | null {
  let out = "";
  if (/^[\x00-\x7f]*$/.test(text)) out = text;
  else {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp <= 0x7f) out += ch;
      else if (isPythonWhitespace(ch)) out += " ";
      else if (/\p{Nd}/u.test(ch)) {
        // Nd characters come in contiguous runs that start at a zero digit (a Unicode stability
        // rule), so a digit's value is its distance from the start of its run, modulo 10.
        let start = cp;
        while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
        out += String((cp - start) % 10);
      } else return null;
    }
  }
  return out.replace(/^[ \t\n\v\f\r]+/, "").replace(/[ \t\n\v\f\r]+$/, "");
}

const PY_DIGITS = "\\d(?:_?\\d)*";
const PY_INT = new RegExp(`^[+-]?${PY_DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:${PY_DIGITS}(?:\\.(?:${PY_DIGITS})?)?|\\.${PY_DIGITS})(?:[eE][+-]?${PY_DIGITS})?$`);
const PY_FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Python `int(text)` for base-10 text; null where Python raises ValueError. */
export function parsePythonInt(text: string): number | null {
  const s = pythonNumberText(text);
  if (s === null || !PY_INT.test(s)) return null;
  return Number(s.replace(/_/g, ""));
}

/** Python `float(text)`; null where Python raises ValueError ("3 stars", "", "1__0", "0x10"). */
export function parsePythonFloat(text: string): number | null {
  const s = pythonNumberText(text);
  if (s === null) return null;
  const special = PY_FLOAT_SPECIAL.exec(s);
  if (special) {
    if (special[2].toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (!PY_FLOAT.test(s)) return null;
  // Both languages round decimal text to the nearest double, so Number() gives Python's value.
  return Number(s.replace(/_/g, ""));
}
