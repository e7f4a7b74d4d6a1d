// The official LaMP code is Python: its tokenizer is `str.split()` and its evaluator calls
// `str.strip()`. Both use the characters of `str.isspace()`, which is not JavaScript's \s
// (JavaScript also treats \uFEFF as space, and does not treat \x1c-\x1f or \x85 as space).

/** Every character Python 3's str.isspace() accepts (checked against CPython 3.11 over all of Unicode). */
export const PYTHON_WHITESPACE_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const WHITESPACE_RUN = new RegExp(`[${PYTHON_WHITESPACE_CLASS}]+`, "g");
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

/** Python `s.split()` with no argument: split on runs of whitespace, never an empty string. */
export function pythonSplit(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  WHITESPACE_RUN.lastIndex = 0;
  for (let m = WHITESPACE_RUN.exec(s); m !== null; m = WHITESPACE_RUN.exec(s)) {
    if (m.index > start) out.push(s.slice(start, m.index));
    start = m.index + m[0].length;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}
