import { formatByUnit } from "./formatValue";

/** Number tiles of run-level aggregates, each with its user-facing definition. */

export type DefinitionLike = { key: string; title: string; definition: string; unit: string; directionLabel: string };

export type StatTile = {
  key: string;
  title: string;
  display: string;
  value: number | null;
  /** Items the value is computed from. */
  support: number | null;
  definition: string;
  directionLabel: string;
};

export function prepareStatTiles(
  keys: readonly string[],
  values: Readonly<Record<string, number | null>> | null | undefined,
  support: Readonly<Record<string, number>> | null | undefined,
  definitions: readonly DefinitionLike[] | null | undefined,
): StatTile[] {
  const byKey = new Map((definitions ?? []).map((d) => [d.key, d]));
  return keys.map((key) => {
    const d = byKey.get(key);
    const value = values?.[key] ?? null;
    return {
      key,
      title: d?.title ?? key,
      display: formatByUnit(value, d?.unit ?? ""),
      value,
      support: support?.[key] ?? null,
      definition: d?.definition ?? "",
      directionLabel: d?.directionLabel ?? "",
    };
  });
}

export function definitionText(definitions: readonly DefinitionLike[] | null | undefined, key: string): string {
  return definitions?.find((d) => d.key === key)?.definition ?? "";
}
