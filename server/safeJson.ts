/**
 * JSON that comes from outside this process's own memory - a database column, a Redis message, a
 * cache row - is read here, never by casting what JSON.parse returns:
 *
 * - The text is parsed by secure-json-parse (fastify's prototype-poisoning-safe parser), which
 *   removes `__proto__` keys and `constructor` keys holding a `prototype`.
 * - Keys superjson refuses anywhere in a value (`__proto__`, `constructor`, `prototype`: it answers
 *   "Detected property constructor..." and the whole tRPC response fails) are removed too, so a
 *   stored value with such a key loses that key and keeps the rest: a read never breaks a page.
 * - The value is then checked with a zod schema; malformed JSON or a value that does not fit throws
 *   a StoredJsonError naming where it came from (`RunItem <id>.metricsJson: ...`).
 *
 * JSON.parse yields JSON values only, so free-form values (a node's outputs, a profile item) are
 * typed JsonValue without a deep check; the schemas check what the readers rely on.
 */
import { DomainError } from "./errors";
import secureJson from "secure-json-parse";
import { z } from "zod";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A stored JSON value that is malformed or does not have the shape its reader needs. */
export class StoredJsonError extends DomainError {
  /** A stored record that cannot be read: an error on that record, located, never an internal one. */
  readonly code = "UNPROCESSABLE_CONTENT";
  constructor(
    /** Where the text came from, e.g. `RunItem ck1.signalsJson`. */
    readonly where: string,
    detail: string,
  ) {
    super(`${where}: ${detail}`);
    this.name = "StoredJsonError";
  }
}

/** Keys superjson refuses to serialize (its prototype-pollution guard), at any depth. */
const REFUSED_KEYS = ["__proto__", "constructor", "prototype"] as const;
const REFUSED: ReadonlySet<string> = new Set(REFUSED_KEYS);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deletes refused keys in place, at any depth, from a value fresh from JSON.parse (plain objects
 * and arrays only). A walk over the objects, not a scan of the text: searching a 160 kB profile for
 * "constructor" costs more than visiting its 300 objects.
 */
function deleteRefusedKeys(value: unknown): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (const v of node) if (typeof v === "object" && v !== null) pending.push(v);
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    for (const key of REFUSED_KEYS) if (Object.hasOwn(node, key)) Reflect.deleteProperty(node, key);
    for (const v of Object.values(node)) if (typeof v === "object" && v !== null) pending.push(v);
  }
}

/** Parses JSON text: any JSON value, with the keys superjson refuses removed; StoredJsonError when malformed. */
export function parseJson(text: string, where: string): JsonValue {
  let value: JsonValue;
  try {
    // Removes `__proto__` and `constructor: {prototype}` (after one scan of the text for each).
    value = secureJson.parse(text, { protoAction: "remove", constructorAction: "remove" });
  } catch (err) {
    throw new StoredJsonError(where, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  // Then whatever else superjson refuses: any `constructor` or `prototype` key.
  if (typeof value === "object" && value !== null) deleteRefusedKeys(value);
  return value;
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}

/** parseJson, then the schema: the schema's output, or a StoredJsonError naming `where` and the bad paths. */
export function parseJsonAs<S extends z.ZodType>(text: string, schema: S, where: string): z.output<S> {
  const parsed = schema.safeParse(parseJson(text, where));
  if (!parsed.success) throw new StoredJsonError(where, describeIssues(parsed.error));
  return parsed.data;
}

/** Like parseJsonAs, for readers that treat a bad value as absent (a cache row is a miss, a bad message is dropped). */
export function tryParseJsonAs<S extends z.ZodType>(
  text: string,
  schema: S,
  where: string,
): { ok: true; value: z.output<S> } | { ok: false; error: StoredJsonError } {
  try {
    return { ok: true, value: parseJsonAs(text, schema, where) };
  } catch (err) {
    if (err instanceof StoredJsonError) return { ok: false, error: err };
    throw err;
  }
}

/** A JSON object at the top level (its members are JSON values: they come from parseJson). */
export const jsonObjectSchema = z.custom<JsonObject>(isPlainObject, "expected a JSON object");

/**
 * A copy of `value` without the keys superjson refuses (plain objects and arrays are copied, any
 * other object is kept as it is), and the paths of what was removed. For values that did not come
 * through parseJson: the tRPC transformer's fallback.
 */
export function withoutRefusedKeys(value: unknown): { value: unknown; removed: string[] } {
  const removed: string[] = [];
  const copy = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((e, i) => copy(e, path ? `${path}.${i}` : String(i)));
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (REFUSED.has(key)) removed.push(at);
      else out[key] = copy(v[key], at);
    }
    return out;
  };
  return { value: copy(value, ""), removed };
}
