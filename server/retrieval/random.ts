// Official LaMP random retrieval is `random.choices(profile, k=k)`: k picks WITH replacement from
// Python's global generator, never seeded in the LaMP code. Here the generator is explicit: give a
// seed (one fresh `random.Random(seed)` per call) or a shared PythonRandom to draw one stream across
// many examples, as the official script's global generator does.
import { PythonRandom } from "./pythonRandom";

export type RandomOptions = {
  /** Seed of a fresh generator for this call; default 0. Ignored when `rng` is given. */
  seed?: number | bigint;
  /** A generator shared across calls; consumed by this call. */
  rng?: PythonRandom;
  /** true (default, official): random.choices, with replacement; false: random.sample(profile, min(k, n)). */
  withReplacement?: boolean;
};

/** Positions of the picked items, in pick order (repeats possible with replacement). */
export function randomTopK(corpusSize: number, k: number, options: RandomOptions = {}): number[] {
  if (corpusSize === 0 || k <= 0) return [];
  const rng = options.rng ?? new PythonRandom(options.seed ?? 0);
  if (options.withReplacement === false) return rng.sampleIndices(corpusSize, Math.min(k, corpusSize));
  return rng.choicesIndices(corpusSize, k);
}
