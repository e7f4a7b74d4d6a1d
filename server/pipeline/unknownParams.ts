/**
 * Parameters a node kind does not have. Zod objects drop unknown keys silently, so a misspelt
 * parameter (`maxToken`) or a stray 10 MB value would be stored and ignored; comparing what was
 * given with what the node's schema kept finds them, at any depth (`rules.hesitation.markrs`).
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Paths (dot-joined) of keys in `given` that the parsed parameters `kept` does not have. */
export function unknownParameterPaths(given: unknown, kept: unknown): string[] {
  const found: string[] = [];
  const pending: { given: unknown; kept: unknown; path: string }[] = [{ given, kept, path: "" }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (Array.isArray(next.given) && Array.isArray(next.kept) && next.given.length === next.kept.length) {
      next.given.forEach((g, i) => pending.push({ given: g, kept: (next.kept as unknown[])[i], path: `${next.path}${next.path ? "." : ""}${i}` }));
      continue;
    }
    if (!isPlainObject(next.given) || !isPlainObject(next.kept)) continue;
    for (const [key, value] of Object.entries(next.given)) {
      const path = `${next.path}${next.path ? "." : ""}${key}`;
      if (!Object.hasOwn(next.kept, key)) found.push(path);
      else pending.push({ given: value, kept: next.kept[key], path });
    }
  }
  return found.sort();
}
