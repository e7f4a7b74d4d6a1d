/** Invalid answers by misalignment kind (the format chart), raw next to extracted. */

export type KindCount = { kind: string; count: number; rate: number | null };

export type MisalignmentRow = {
  kind: string;
  label: string;
  rawRate: number;
  extractedRate: number | null;
  rawCount: number;
  extractedCount: number | null;
};

export const MISALIGNMENT_LABELS: Record<string, string> = {
  empty: "Empty",
  reasoning_leak: "Reasoning leak",
  preamble: "Preamble",
  multi_line: "Multi-line",
  extra_text: "Extra text",
  outside_label_set: "Outside label set",
  length_off: "Length off",
  none: "Valid",
};

export function misalignmentLabel(kind: string | null | undefined): string {
  if (!kind) return "–";
  return MISALIGNMENT_LABELS[kind] ?? kind;
}

/**
 * One row per kind in the server's precedence order; every kind stays on the axis (so runs look
 * alike), rates are shares of all judged items. Extracted is null when nothing went through extraction.
 */
export function prepareMisalignmentByKind(
  raw: readonly KindCount[],
  extracted: readonly KindCount[] | null | undefined,
): { rows: MisalignmentRow[]; anyInvalid: boolean } {
  const extractedByKind = new Map((extracted ?? []).map((k) => [k.kind, k]));
  const rows = raw.map((k) => {
    const e = extractedByKind.get(k.kind);
    return {
      kind: k.kind,
      label: misalignmentLabel(k.kind),
      rawRate: k.rate ?? 0,
      extractedRate: e ? e.rate : null,
      rawCount: k.count,
      extractedCount: e ? e.count : null,
    };
  });
  return { rows, anyInvalid: rows.some((r) => r.rawCount > 0 || (r.extractedCount ?? 0) > 0) };
}
