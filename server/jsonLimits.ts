/**
 * Checks on JSON values from outside (dataset records, bundles, graphs) that must run before any
 * recursive code touches them: JSON.parse reads a 100,000-level nesting, but JSON.stringify, zod
 * and every recursive reader then fail with "Maximum call stack size exceeded". These walks use an
 * explicit stack, so they work at any depth, and they name where the problem is.
 */

/** Where in a value: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

const SHOWN_SEGMENTS = 8;

/** `profile[0].text`, `items[3].outputs.gen`; a very long path (deep nesting) is shortened. */
export function formatJsonPath(path: JsonPath): string {
  const segment = (s: string | number, first: boolean) =>
    typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `${first ? "" : "."}${s}` : `[${JSON.stringify(s)}]`;
  const text = path
    .slice(0, SHOWN_SEGMENTS)
    .map((s, i) => segment(s, i === 0))
    .join("");
  if (path.length <= SHOWN_SEGMENTS) return text || "(root)";
  return `${text}... (${path.length} levels down)`;
}

/** A value met during a walk, with the way back to the root (paths are built only for what is reported). */
type Visit = { value: unknown; key: string | number | null; parent: Visit | null; depth: number };

function pathOf(visit: Visit): JsonPath {
  const path: (string | number)[] = [];
  for (let v: Visit | null = visit; v !== null && v.key !== null; v = v.parent) path.push(v.key);
  return path.reverse();
}

/** Pushes the children of a container so that they pop in document order. */
function pushChildren(pending: Visit[], visit: Visit): void {
  const { value } = visit;
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], key: i, parent: visit, depth: visit.depth + 1 });
  } else if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      pending.push({ value: (value as Record<string, unknown>)[key], key, parent: visit, depth: visit.depth + 1 });
    }
  }
}

function isContainer(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/**
 * The path of the first array or object nested more than `maxDepth` levels deep (the root
 * container is level 1), or null. A deep value is found after `maxDepth` steps down.
 */
export function findTooDeep(value: unknown, maxDepth: number): JsonPath | null {
  const pending: Visit[] = [{ value, key: null, parent: null, depth: 1 }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    if (!isContainer(visit.value)) continue;
    if (visit.depth > maxDepth) return pathOf(visit);
    pushChildren(pending, visit);
  }
  return null;
}

/** Where a NUL character (U+0000) is: the path of the string (or of the key), whether it is a key, and its index in it. */
export type NulFound = { path: JsonPath; inKey: boolean; index: number };

/** The first NUL character in any string or key of `value` (document order), or null. Call after findTooDeep. */
export function findNul(value: unknown): NulFound | null {
  const pending: Visit[] = [{ value, key: null, parent: null, depth: 1 }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    if (typeof visit.key === "string") {
      const index = visit.key.indexOf("\u0000");
      if (index !== -1) return { path: pathOf(visit), inKey: true, index };
    }
    if (typeof visit.value === "string") {
      const index = visit.value.indexOf("\u0000");
      if (index !== -1) return { path: pathOf(visit), inKey: false, index };
    } else if (isContainer(visit.value)) {
      pushChildren(pending, visit);
    }
  }
  return null;
}

/** "contains a NUL character (U+0000) at character 12": the studio refuses it on every database (PostgreSQL cannot store it). */
export function describeNul(found: NulFound): string {
  return `${found.inKey ? "has a key with" : "contains"} a NUL character (U+0000) at character ${found.index}, which the studio does not store (PostgreSQL text cannot hold it)`;
}
