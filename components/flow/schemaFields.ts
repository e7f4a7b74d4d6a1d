/**
 * Turns a node kind's params JSON Schema (zod's toJSONSchema output) into form field specs, and
 * reads/writes values by path in the node's sparse params (only what differs from the defaults is
 * stored; a cleared field falls back to the default).
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

type FieldBase = {
  name: string;
  path: string[];
  title: string;
  description: string;
  /** The schema default, if any: shown when the param is not set. */
  defaultValue: unknown;
  hasDefault: boolean;
};

export type FieldSpec =
  | (FieldBase & { kind: "string"; multiline: boolean })
  | (FieldBase & { kind: "number"; integer: boolean; min?: number; max?: number })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "enum"; options: string[] })
  | (FieldBase & { kind: "string-list"; options?: string[]; minItems?: number; maxItems?: number })
  | (FieldBase & { kind: "object"; fields: FieldSpec[] })
  | (FieldBase & { kind: "json" });

/** Beyond this, a bound is "no bound" (zod writes Number.MAX_SAFE_INTEGER for int()). */
const HUGE = 1e15;
const LONG_TEXT_CHARS = 48;
const LONG_TEXT_NAME = /(text|prompt|injection|thought|template|instruction)$/i;

export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null");
  return schema.type;
}

function bound(value: number | undefined): number | undefined {
  return value === undefined || Math.abs(value) >= HUGE ? undefined : value;
}

export function fieldOf(name: string, schema: JsonSchema, parentPath: string[] = []): FieldSpec {
  const base: FieldBase = {
    name,
    path: [...parentPath, name],
    title: humanize(name),
    description: schema.description ?? "",
    defaultValue: schema.default,
    hasDefault: schema.default !== undefined,
  };
  const type = typeOf(schema);
  if (schema.oneOf || schema.anyOf) return { ...base, kind: "json" };
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === "string")) {
    return { ...base, kind: "enum", options: schema.enum as string[] };
  }
  switch (type) {
    case "string": {
      const longDefault = typeof schema.default === "string" && (schema.default.length > LONG_TEXT_CHARS || schema.default.includes("\n"));
      return { ...base, kind: "string", multiline: longDefault || LONG_TEXT_NAME.test(name) };
    }
    case "number":
    case "integer":
      return {
        ...base,
        kind: "number",
        integer: type === "integer",
        min: bound(schema.minimum ?? schema.exclusiveMinimum),
        max: bound(schema.maximum ?? schema.exclusiveMaximum),
      };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array": {
      const items = schema.items ?? {};
      if (typeOf(items) === "string") {
        const options = Array.isArray(items.enum) && items.enum.every((v) => typeof v === "string") ? (items.enum as string[]) : undefined;
        return { ...base, kind: "string-list", options, minItems: schema.minItems, maxItems: schema.maxItems };
      }
      return { ...base, kind: "json" };
    }
    case "object":
      if (schema.properties) return { ...base, kind: "object", fields: fieldsOf(schema, base.path) };
      return { ...base, kind: "json" };
    default:
      return { ...base, kind: "json" };
  }
}

/** Fields of an object schema, in declaration order. */
export function fieldsOf(schema: unknown, parentPath: string[] = []): FieldSpec[] {
  const s = (schema ?? {}) as JsonSchema;
  return Object.entries(s.properties ?? {}).map(([name, child]) => fieldOf(name, child, parentPath));
}

export function getAt(value: unknown, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * A copy of `params` with `path` set to `next`; `undefined` removes the key, and objects left empty
 * by a removal are removed too, so the saved params stay sparse.
 */
export function setAt(params: Record<string, unknown>, path: readonly string[], next: unknown): Record<string, unknown> {
  if (path.length === 0) return params;
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = { ...params };
  if (rest.length === 0) {
    if (next === undefined) delete copy[head!];
    else copy[head!] = next;
    return copy;
  }
  const child = copy[head!];
  const childObject = child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  const updated = setAt(childObject, rest, next);
  if (Object.keys(updated).length === 0) delete copy[head!];
  else copy[head!] = updated;
  return copy;
}

/** The value to show: the stored param, else the schema default. */
export function effectiveValue(params: Record<string, unknown>, field: FieldSpec): unknown {
  const stored = getAt(params, field.path);
  return stored === undefined ? field.defaultValue : stored;
}

/** One string per line; blank lines are dropped. */
export function parseStringList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A number typed in a field, or undefined for blank; NaN when it is not a number. */
export function parseNumberInput(text: string, integer: boolean): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return Number.NaN;
  if (integer && !Number.isInteger(value)) return Number.NaN;
  return value;
}
