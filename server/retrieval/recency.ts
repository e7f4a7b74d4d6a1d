// Official LaMP recency retrieval (LaMP/prompts/prompts.py):
//   profile = sorted(profile, key=lambda x: tuple(map(int, str(x['date']).split("-"))))
//   selected = profile[-k:][::-1]
// i.e. a STABLE ascending sort on the date's integer parts, the last k, newest first. Items with the
// same date therefore come back in reverse profile order. One deliberate difference: for k = 0 this
// returns nothing, whereas Python's profile[-0:] is the whole profile.
import { parsePythonInt } from "./pythonStrings";

export type DatedItem = { id: string; date?: string | null };

/** The sort key of one item: its date split on "-" into integers; a clear error when that fails. */
export function recencyKey(item: DatedItem, position: number): number[] {
  if (item.date === undefined || item.date === null) {
    throw new Error(`Recency retrieval needs a date on every profile item; item "${item.id}" (position ${position}) has none`);
  }
  const parts = String(item.date).split("-");
  const key: number[] = [];
  for (const part of parts) {
    const value = parsePythonInt(part);
    if (value === null) {
      throw new Error(
        `Recency retrieval cannot read the date "${item.date}" of profile item "${item.id}" (position ${position}): ` +
          `"${part}" is not an integer (expected dates like 2019-03-05)`,
      );
    }
    key.push(value);
  }
  return key;
}

/** Python tuple comparison: element by element, a shorter prefix sorts first. */
function compareKeys(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

/** Positions (indices into items) of the k newest items, newest first, exactly as the official code picks them. */
export function recencyTopK(items: readonly DatedItem[], k: number): number[] {
  const keys = items.map((item, i) => recencyKey(item, i));
  const order = items.map((_, i) => i);
  order.sort((x, y) => compareKeys(keys[x], keys[y]) || x - y);
  const take = Math.max(0, Math.min(k, order.length));
  return order.slice(order.length - take).reverse();
}
