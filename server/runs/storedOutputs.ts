// How a RunItem's per-node outputs are stored (RunItem.outputsJson), and how to read them back.
//
// Reasoning-model items repeat the same text many times: an RPI generation is a list of calls where
// each continuation re-sends the reasoning so far (`continuation.prefix`) and returns it again in its
// own `reasoning`; the completion repeats its last call at the top level; SRM repeats every
// candidate inside `candidates` and again in `calls`, and joins their reasoning into its own; the
// extract-answer node carries that reasoning once more. Stored naively a ReaPer item holds each
// model output many times over. Two steps store every call's output once:
//
// 1. Completions with a `calls` list are stored as { "$stored": 1, calls, result, ... }: the calls
//    once; the completion's own fields as the index of the call they come from plus the fields that
//    differ ("override") or are missing ("absent"); each candidate as the range of calls it made
//    ("$calls": [from, to]) plus its own differences; the top-level interventions as "$candidates"
//    when they are just the candidates' interventions in order.
// 2. Long strings that repeat text already stored elsewhere in the item become
//    { "$splice": [piece, ...] }, each piece a literal string or { "$ref": path, at, len } naming a
//    slice of a literal string of the stored item (path = keys from the root, e.g.
//    ["srm", "completion", "calls", 9, "reasoning"], or a literal piece of a splice:
//    [..., "reasoning", "$splice", 0]). Only literal strings are referenced, so one pass resolves
//    everything.
//
// Both steps are checked when an item is stored (what is read back equals what was produced, or the
// value is stored as produced). expandStoredOutputs turns stored outputs of any age back into the
// values the nodes produced; outputs stored before this format carry no markers and come back as they are.

type Obj = Record<string, unknown>;
type Path = (string | number)[];
type Piece = string | { $ref: Path; at: number; len: number };

const STORED = "$stored";
const CALLS_RANGE = "$calls";
const SPLICE = "$splice";
const INTERVENTIONS_OF_CANDIDATES = "$candidates";
/** Keys of a completion that are not fields of its result. */
const COMPOSITE_KEYS = new Set(["candidates", "calls", "interventions"]);

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function json<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Equality of JSON values, whatever the key order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
}

// ---- 1. completions: each call once ---------------------------------------------------------

function resultFields(value: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (!COMPOSITE_KEYS.has(k)) out[k] = v;
  return out;
}

/** `fields` as call `calls[i]` (i in [from, to)) plus differences; the call needing the fewest, the later on ties. */
function resultOf(fields: Obj, calls: Obj[], from: number, to: number): Obj {
  let best: Obj = { result: null, override: fields };
  let bestSize = JSON.stringify(fields).length;
  for (let i = to - 1; i >= from; i--) {
    const call = calls[i];
    const override: Obj = {};
    const absent = Object.keys(call).filter((k) => !(k in fields));
    for (const [k, v] of Object.entries(fields)) if (!(k in call) || !same(v, call[k])) override[k] = v;
    const candidate: Obj = { result: i };
    if (Object.keys(override).length > 0) candidate.override = override;
    if (absent.length > 0) candidate.absent = absent;
    const size = JSON.stringify(candidate).length;
    if (size < bestSize) {
      best = candidate;
      bestSize = size;
    }
  }
  return best;
}

function fieldsFrom(stored: Obj, calls: Obj[]): Obj {
  const base = typeof stored.result === "number" ? calls[stored.result] : undefined;
  if (stored.result !== null && !base) throw new Error(`Stored completion refers to call ${String(stored.result)} of ${calls.length}.`);
  const out: Obj = { ...base };
  for (const k of (stored.absent as string[] | undefined) ?? []) delete out[k];
  Object.assign(out, stored.override as Obj | undefined);
  return out;
}

/** Start of `run` (as JSON texts) inside `all`, looking from `cursor` first; -1 when absent. */
function findRun(all: string[], run: string[], cursor: number): number {
  const at = (start: number) => run.every((r, j) => all[start + j] === r);
  if (run.length === 0) return -1;
  if (cursor + run.length <= all.length && at(cursor)) return cursor;
  for (let s = 0; s + run.length <= all.length; s++) if (at(s)) return s;
  return -1;
}

function compactCandidate(candidate: unknown, calls: Obj[], callJson: string[], cursor: { at: number }): unknown {
  if (!isObj(candidate) || candidate.candidates !== undefined) return compactCompletion(candidate);
  const ownCalls = Array.isArray(candidate.calls);
  const own = ownCalls ? (candidate.calls as Obj[]) : [resultFields(candidate)];
  const from = findRun(
    callJson,
    own.map((c) => JSON.stringify(c)),
    cursor.at,
  );
  if (from === -1) return compactCompletion(candidate);
  const to = from + own.length;
  cursor.at = to;
  const ref: Obj = { [CALLS_RANGE]: [from, to], ...resultOf(resultFields(candidate), calls, from, to) };
  if (!ownCalls) ref.ownCalls = false;
  if (candidate.interventions !== undefined) ref.interventions = candidate.interventions;
  return ref;
}

function expandCandidate(stored: Obj, calls: Obj[]): Obj {
  const [from, to] = stored[CALLS_RANGE] as [number, number];
  const out = fieldsFrom(stored, calls);
  if (stored.interventions !== undefined) out.interventions = stored.interventions;
  if (stored.ownCalls !== false) out.calls = calls.slice(from, to);
  return out;
}

/**
 * A completion value as stored: a single call as it is; one with a `calls` list with each call
 * once (see the top of this file). Anything that would not read back identically is kept as it is.
 */
export function compactCompletion(value: unknown): unknown {
  const plain = json(value);
  if (!isObj(plain) || !Array.isArray(plain.calls) || !plain.calls.every(isObj)) return plain;
  const calls = plain.calls as Obj[];
  const callJson = calls.map((c) => JSON.stringify(c));
  const stored: Obj = { [STORED]: 1, calls, ...resultOf(resultFields(plain), calls, 0, calls.length) };
  if (Array.isArray(plain.candidates)) {
    const cursor = { at: 0 };
    stored.candidates = plain.candidates.map((c) => compactCandidate(c, calls, callJson, cursor));
  }
  if (plain.interventions !== undefined) {
    const candidates = Array.isArray(plain.candidates) ? (plain.candidates as unknown[]) : [];
    const ofCandidates = candidates.flatMap((c) => (isObj(c) && Array.isArray(c.interventions) ? c.interventions : []));
    stored.interventions = ofCandidates.length > 0 && same(plain.interventions, ofCandidates) ? INTERVENTIONS_OF_CANDIDATES : plain.interventions;
  }
  return same(expandValue(stored), plain) ? stored : plain;
}

function expandCompletion(stored: Obj): Obj {
  const calls = stored.calls as Obj[];
  if (!Array.isArray(calls)) throw new Error("Stored completion has no calls.");
  const out = fieldsFrom(stored, calls);
  let candidates: Obj[] | undefined;
  if (Array.isArray(stored.candidates)) {
    candidates = stored.candidates.map((c) => (isObj(c) && CALLS_RANGE in c ? expandCandidate(c, calls) : (expandValue(c) as Obj)));
    out.candidates = candidates;
  }
  if (stored.interventions === INTERVENTIONS_OF_CANDIDATES) {
    out.interventions = (candidates ?? []).flatMap((c) => (Array.isArray(c.interventions) ? c.interventions : []));
  } else if (stored.interventions !== undefined) out.interventions = stored.interventions;
  out.calls = calls;
  return out;
}

function expandValue(value: unknown): unknown {
  return isObj(value) && value[STORED] === 1 ? expandCompletion(value) : value;
}

// ---- 2. long strings: repeated text once ----------------------------------------------------

/** Strings shorter than this are never spliced; slices shorter than MIN_MATCH are never referenced. */
const MIN_SPLICE_INPUT = 128;
const MIN_MATCH = 64;
/** Repeats are found through GRAM-character pieces of the literal strings, taken every STEP characters. */
const GRAM = 32;
const STEP = 16;

// Grams are found by a rolling polynomial hash (mod 2^32), so scanning a text allocates nothing;
// a hash hit is confirmed by comparing the characters.
const BASE = 0x01000193;
const BASE_POW = (() => {
  let p = 1;
  for (let i = 0; i < GRAM - 1; i++) p = Math.imul(p, BASE);
  return p;
})();

function gramHash(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + GRAM; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

function sameGram(a: string, at: number, b: string, bt: number): boolean {
  for (let i = 0; i < GRAM; i++) if (a.charCodeAt(at + i) !== b.charCodeAt(bt + i)) return false;
  return true;
}

class LiteralTexts {
  private readonly texts: { path: Path; text: string }[] = [];
  /** Hash of a GRAM-character piece -> [text, at] of its first occurrence (at a multiple of STEP). */
  private readonly grams = new Map<number, [text: number, at: number]>();

  add(path: Path, text: string): void {
    const t = this.texts.push({ path, text }) - 1;
    for (let p = 0; p + GRAM <= text.length; p += STEP) {
      const h = gramHash(text, p);
      if (!this.grams.has(h)) this.grams.set(h, [t, p]);
    }
  }

  /** `text` as literal pieces and slices of the texts added so far. */
  pieces(text: string): Piece[] {
    const pieces: Piece[] = [];
    let literalFrom = 0;
    let i = 0;
    let h = text.length >= GRAM ? gramHash(text, 0) : 0;
    while (i + GRAM <= text.length) {
      const hit = this.grams.get(h);
      const source = hit ? this.texts[hit[0]] : undefined;
      if (hit && source && sameGram(text, i, source.text, hit[1])) {
        let start = i;
        let at = hit[1];
        while (start > literalFrom && at > 0 && text.charCodeAt(start - 1) === source.text.charCodeAt(at - 1)) {
          start--;
          at--;
        }
        let end = i + GRAM;
        let sourceEnd = hit[1] + GRAM;
        while (end < text.length && sourceEnd < source.text.length && text.charCodeAt(end) === source.text.charCodeAt(sourceEnd)) {
          end++;
          sourceEnd++;
        }
        if (end - start >= MIN_MATCH) {
          if (start > literalFrom) pieces.push(text.slice(literalFrom, start));
          pieces.push({ $ref: source.path, at, len: end - start });
          literalFrom = i = end;
          if (i + GRAM <= text.length) h = gramHash(text, i);
          continue;
        }
      }
      // Roll the hash one character on.
      if (i + GRAM < text.length) h = (Math.imul(h - Math.imul(text.charCodeAt(i), BASE_POW), BASE) + text.charCodeAt(i + GRAM)) | 0;
      i++;
    }
    if (literalFrom < text.length) pieces.push(text.slice(literalFrom));
    return pieces;
  }
}

function lookup(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (Array.isArray(at) && typeof key === "number") at = at[key];
    else if (isObj(at) && typeof key === "string") at = at[key];
    else return undefined;
  }
  return at;
}

function joinPieces(pieces: unknown[], root: unknown): string {
  return pieces
    .map((p) => {
      if (typeof p === "string") return p;
      const ref = p as { $ref?: unknown; at?: unknown; len?: unknown };
      const source = Array.isArray(ref.$ref) ? lookup(root, ref.$ref as Path) : undefined;
      if (typeof source !== "string" || typeof ref.at !== "number" || typeof ref.len !== "number" || ref.at + ref.len > source.length) {
        throw new Error(`Stored outputs: a text refers to ${JSON.stringify(ref.$ref)} [${String(ref.at)}, +${String(ref.len)}], which is not stored.`);
      }
      return source.slice(ref.at, ref.at + ref.len);
    })
    .join("");
}

function isSplice(v: unknown): v is { [SPLICE]: unknown[] } {
  return isObj(v) && Array.isArray(v[SPLICE]) && Object.keys(v).length === 1;
}

/**
 * Replaces, in place, every long string of `root` that repeats text stored before it with a splice.
 * Visiting order decides what stays literal: nodes in order, and within a stored completion its
 * calls from the last (the whole turn's reasoning) back to the first.
 */
function spliceRepeatedText(root: Obj): void {
  const literals = new LiteralTexts();
  const visit = (holder: Obj | unknown[], key: string | number, path: Path): void => {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === "string") {
      if (value.length < MIN_SPLICE_INPUT) return;
      const pieces = literals.pieces(value);
      const spliced = { [SPLICE]: pieces };
      if (pieces.some((p) => typeof p !== "string") && JSON.stringify(spliced).length + 32 < JSON.stringify(value).length && joinPieces(pieces, root) === value) {
        (holder as Record<string | number, unknown>)[key] = spliced;
        // The literal pieces are stored text too: later strings may refer to them.
        pieces.forEach((p, k) => {
          if (typeof p === "string" && p.length >= GRAM) literals.add([...path, SPLICE, k], p);
        });
      } else literals.add(path, value);
      return;
    }
    if (Array.isArray(value)) {
      const reverse = key === "calls" && isObj(holder) && holder[STORED] === 1;
      for (let n = 0; n < value.length; n++) {
        const i = reverse ? value.length - 1 - n : n;
        visit(value, i, [...path, i]);
      }
    } else if (isObj(value)) {
      const keys = Object.keys(value);
      // A stored completion's calls first: they hold the texts everything else repeats.
      if (value[STORED] === 1) keys.sort((a, b) => Number(b === "calls") - Number(a === "calls"));
      for (const k of keys) visit(value, k, [...path, k]);
    }
  };
  for (const node of Object.keys(root)) visit(root, node, [node]);
}

function resolveSplices(value: unknown, root: unknown): unknown {
  if (isSplice(value)) return joinPieces(value[SPLICE], root);
  if (Array.isArray(value)) return value.map((v) => resolveSplices(v, root));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSplices(v, root)]));
  return value;
}

// ---- the item --------------------------------------------------------------------------------

/**
 * RunItem.outputsJson for `outputs` (node -> port -> value, completions already through
 * compactCompletion), with repeated text spliced; `outputs` itself is not changed.
 */
export function storedOutputsJson(outputs: Record<string, Record<string, unknown>>): string {
  const stored = json(outputs) as Obj;
  // Slices of repeated text matter for multi-call completions (RPI continuations, SRM); a single
  // call repeats whole strings at most (the extract node's copy of the reasoning), which a lookup
  // of whole strings finds at a fraction of the scan's cost.
  if (hasStoredCompletion(stored)) spliceRepeatedText(stored);
  else spliceRepeatedStrings(stored);
  return JSON.stringify(stored);
}

function hasStoredCompletion(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasStoredCompletion);
  if (!isObj(value)) return false;
  return value[STORED] === 1 || Object.values(value).some(hasStoredCompletion);
}

/**
 * Replaces, in place, every long string that contains, or lies within, a long string stored before
 * it with a splice around that one slice (a single call: the raw content holds the reasoning, the
 * extract node repeats it). A few native substring searches per string, no scan.
 */
function spliceRepeatedStrings(root: Obj): void {
  const literals: { path: Path; text: string }[] = [];
  const spliceOf = (value: string): Piece[] | null => {
    for (const { path, text } of literals) {
      if (text.length >= value.length) {
        const at = text.indexOf(value);
        if (at >= 0) return [{ $ref: path, at, len: value.length }];
      } else if (text.length >= MIN_MATCH) {
        const at = value.indexOf(text);
        if (at >= 0) return [value.slice(0, at), { $ref: path, at: 0, len: text.length }, value.slice(at + text.length)].filter((p) => p !== "");
      }
    }
    return null;
  };
  const visit = (holder: Obj | unknown[], key: string | number, path: Path): void => {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === "string") {
      if (value.length < MIN_SPLICE_INPUT) return;
      const pieces = spliceOf(value);
      if (pieces) (holder as Record<string | number, unknown>)[key] = { [SPLICE]: pieces };
      else literals.push({ path, text: value });
    } else if (Array.isArray(value)) value.forEach((_, i) => visit(value, i, [...path, i]));
    else if (isObj(value)) for (const k of Object.keys(value)) visit(value, k, [...path, k]);
  };
  for (const node of Object.keys(root)) visit(root, node, [node]);
}

/** Per-node outputs as the nodes produced them, from RunItem.outputsJson of any age. */
export function expandStoredOutputs(stored: unknown): Record<string, Record<string, unknown>> {
  if (!isObj(stored)) return {};
  const resolved = resolveSplices(stored, stored) as Obj;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [node, ports] of Object.entries(resolved)) {
    out[node] = isObj(ports) ? Object.fromEntries(Object.entries(ports).map(([port, v]) => [port, expandValue(v)])) : (ports as Record<string, unknown>);
  }
  return out;
}
