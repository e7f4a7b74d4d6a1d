/**
 * Splits a definition into a lead shown under a chart and the rest shown on demand: the first
 * sentence when it is short enough, else the words that fit. Long definitions (word lists,
 * reference forms) would otherwise push the chart far down.
 */
export function splitDefinition(text: string, leadMax = 220): { lead: string; rest: string } {
  const clean = text.trim().replace(/\s+/g, " ");
  if (clean.length <= leadMax) return { lead: clean, rest: "" };
  // A sentence ends at . ! ? followed by a space and a capital, quote or bracket ("e.g. accuracy" does not end one).
  const sentence = /^(.{30,}?[.!?])\s+(?=[A-Z"(\[])/.exec(clean);
  if (sentence && sentence[1]!.length <= leadMax) {
    return { lead: sentence[1]!, rest: clean.slice(sentence[0].length) };
  }
  const cut = clean.lastIndexOf(" ", leadMax);
  const at = cut > 0 ? cut : leadMax;
  return { lead: `${clean.slice(0, at)}…`, rest: `…${clean.slice(at).trimStart()}` };
}
