import { findTooDeep, formatJsonPath, type JsonPath } from "../jsonLimits";
import type { GraphIssue } from "./graphErrors";

/**
 * How big a pipeline graph may be. The shipped templates have 5-8 nodes and take about 3 kB; these
 * bounds leave room for any hand-made graph while keeping a stored graph something every page,
 * bundle and run can read at once.
 */
export const GRAPH_LIMITS = {
  nodes: 200,
  edges: 1_000,
  /** Arrays and objects inside one another, from the document (level 1) down. */
  depth: 16,
  /** Characters of one string anywhere in the graph (a template text, a marker...). */
  stringLength: 20_000,
  /** Characters of one object key. */
  keyLength: 200,
  /** Characters of the whole document as JSON. */
  totalLength: 1_000_000,
} as const;

/** At most this many limit issues are listed (a graph over a limit usually is so in many places). */
const LISTED = 5;

function limitIssue(path: JsonPath, message: string): GraphIssue {
  const at = formatJsonPath(path);
  return { code: "schema", path: path.join("."), message: `Graph document at ${at}: ${message}` };
}

/** Strings longer than the limit, and keys longer than theirs, in document order (at most `LISTED`). */
function oversizedStrings(raw: unknown): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: raw, path: [] }];
  while (pending.length > 0 && issues.length < LISTED) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      if (value.length > GRAPH_LIMITS.stringLength) {
        issues.push(limitIssue(path, `a text of ${value.length} characters (at most ${GRAPH_LIMITS.stringLength})`));
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: [...path, i] });
    } else if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        if (key.length > GRAPH_LIMITS.keyLength) issues.push(limitIssue(path, `a key of ${key.length} characters (at most ${GRAPH_LIMITS.keyLength})`));
      }
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return issues.slice(0, LISTED);
}

/**
 * What makes a graph document too big to keep, checked before its schema (zod and JSON.stringify
 * recurse, so a very deep document is refused first). Node and edge counts are in the schema.
 */
export function graphLimitIssues(raw: unknown): GraphIssue[] {
  const deep = findTooDeep(raw, GRAPH_LIMITS.depth);
  if (deep) return [limitIssue(deep, `nested deeper than ${GRAPH_LIMITS.depth} levels`)];
  const strings = oversizedStrings(raw);
  if (strings.length > 0) return strings;
  let length = 0;
  try {
    length = JSON.stringify(raw)?.length ?? 0;
  } catch {
    // Not JSON at all (a BigInt...): the schema says what is wrong.
  }
  if (length > GRAPH_LIMITS.totalLength) {
    return [{ code: "schema", path: "", message: `Graph document: ${length} characters as JSON (at most ${GRAPH_LIMITS.totalLength})` }];
  }
  return [];
}
