import { LampFormatError } from "./lampFormatError";

/** One item of a user's profile exactly as in a LaMP questions file; fields depend on the task. */
export type ProfileItem = { id: string | number; [field: string]: unknown };

/** The parts of a LaMP question the task helpers look at. */
export type LampExampleLike = { input: string; profile: readonly ProfileItem[] };

/** A field as text, the way Python's f-string renders the JSON strings and numbers LaMP files hold. */
export function fieldText(item: ProfileItem, field: string): string {
  const value = item[field];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new LampFormatError(
    `profile item ${JSON.stringify(item.id)}: "${field}" must be a string or a number, found ${describeJsonValue(value)}`,
  );
}

/** "a string", "number 12", "null", "nothing" ... for error messages about a JSON value. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value.length > 40 ? `a string "${value.slice(0, 40)}..."` : `a string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
