import { bootstrapMeanCI, type BootstrapOptions, type ConfidenceInterval } from "./bootstrap";
import { mean } from "./descriptive";
import { StatsInputError } from "./errors";
import { mulberry32 } from "./random";

/**
 * Comparisons of two runs on the same examples. Pairing by example id removes the between-example
 * variance (some examples are hard for every pipeline), which is what makes small differences
 * between pipelines detectable at all.
 */

export interface ExampleValue {
  exampleId: string;
  value: number;
}

export interface PairedValues {
  exampleIds: string[];
  a: number[];
  b: number[];
  /** Examples only one run has; they are left out of the comparison. */
  onlyInA: string[];
  onlyInB: string[];
}

function indexById<T extends { exampleId: string }>(rows: readonly T[], runName: string): Map<string, T> {
  const byId = new Map<string, T>();
  for (const row of rows) {
    if (byId.has(row.exampleId)) throw new StatsInputError(`example id "${row.exampleId}" appears twice in run ${runName}`);
    byId.set(row.exampleId, row);
  }
  return byId;
}

/** Matches two runs by example id (in run A's order). Throws when they share no example. */
export function pairByExampleId(runA: readonly ExampleValue[], runB: readonly ExampleValue[]): PairedValues {
  const byIdA = indexById(runA, "A");
  const byIdB = indexById(runB, "B");
  const paired: PairedValues = { exampleIds: [], a: [], b: [], onlyInA: [], onlyInB: [] };
  for (const [exampleId, rowA] of byIdA) {
    const rowB = byIdB.get(exampleId);
    if (rowB === undefined) {
      paired.onlyInA.push(exampleId);
      continue;
    }
    if (!Number.isFinite(rowA.value) || !Number.isFinite(rowB.value)) {
      throw new StatsInputError(`example "${exampleId}" has a non-finite value`);
    }
    paired.exampleIds.push(exampleId);
    paired.a.push(rowA.value);
    paired.b.push(rowB.value);
  }
  for (const exampleId of byIdB.keys()) if (!byIdA.has(exampleId)) paired.onlyInB.push(exampleId);
  if (paired.exampleIds.length === 0) throw new StatsInputError("the two runs share no example id");
  return paired;
}

export interface SignFlipOptions {
  /** Enumerate all 2^n sign patterns when n is at most this; otherwise sample. */
  exactUpTo?: number;
  /** Random sign patterns drawn when n exceeds exactUpTo. */
  permutations?: number;
  seed?: number;
}

export interface SignFlipResult {
  pValue: number;
  method: "exact" | "monte_carlo";
}

/**
 * Two-sided paired permutation (sign-flip) test of "mean difference = 0": under the null each
 * difference is equally likely to have either sign, so the p-value is the share of sign patterns
 * whose |sum| is at least the observed |sum|. Exact for small n; for larger n the Monte Carlo
 * estimate (1 + hits) / (1 + draws) never reports an impossible p = 0.
 */
export function signFlipTest(differences: readonly number[], options: SignFlipOptions = {}): SignFlipResult {
  const n = differences.length;
  if (n === 0) throw new StatsInputError("sign-flip test of no differences");
  // Capped because 2^n patterns are enumerated with 32-bit masks.
  const exactUpTo = Math.min(options.exactUpTo ?? 16, 24);
  let observed = 0;
  for (const d of differences) observed += d;
  const threshold = Math.abs(observed) - 1e-9 * differences.reduce((s, d) => s + Math.abs(d), 0);
  if (n <= exactUpTo) {
    let hits = 0;
    const patterns = 2 ** n;
    for (let mask = 0; mask < patterns; mask++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -differences[i]! : differences[i]!;
      if (Math.abs(sum) >= threshold) hits++;
    }
    return { pValue: hits / patterns, method: "exact" };
  }
  const draws = options.permutations ?? 10000;
  const random = mulberry32(options.seed ?? 1);
  let hits = 0;
  for (let draw = 0; draw < draws; draw++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += random() < 0.5 ? -differences[i]! : differences[i]!;
    if (Math.abs(sum) >= threshold) hits++;
  }
  return { pValue: (1 + hits) / (1 + draws), method: "monte_carlo" };
}

export interface PairedDifference {
  /** Mean of (A - B) over shared examples, with its paired percentile-bootstrap interval. */
  difference: ConfidenceInterval;
  meanA: number;
  meanB: number;
  /** Sign-flip p-value for "no difference". */
  pValue: number;
  pValueMethod: SignFlipResult["method"];
  onlyInA: number;
  onlyInB: number;
}

export interface PairedOptions extends BootstrapOptions, Omit<SignFlipOptions, "seed"> {}

/**
 * Paired bootstrap CI of mean(A - B): per shared example the difference is taken first, then the
 * differences are resampled (whole examples, so the pairing is kept).
 */
export function pairedBootstrapDifference(
  runA: readonly ExampleValue[],
  runB: readonly ExampleValue[],
  options: PairedOptions = {},
): PairedDifference {
  const paired = pairByExampleId(runA, runB);
  const differences = paired.a.map((value, i) => value - paired.b[i]!);
  const test = signFlipTest(differences, { exactUpTo: options.exactUpTo, permutations: options.permutations, seed: options.seed });
  return {
    difference: bootstrapMeanCI(differences, options),
    meanA: mean(paired.a),
    meanB: mean(paired.b),
    pValue: test.pValue,
    pValueMethod: test.method,
    onlyInA: paired.onlyInA.length,
    onlyInB: paired.onlyInB.length,
  };
}

/**
 * Retrieval gain: per-example metric with k > 0 retrieved items minus the same metric without
 * retrieval, averaged over shared examples, with a paired bootstrap CI. For error metrics (MAE,
 * RMSE) a negative gain is an improvement.
 */
export function retrievalGain(
  runWithK: readonly ExampleValue[],
  runWithoutK: readonly ExampleValue[],
  options?: PairedOptions,
): PairedDifference {
  return pairedBootstrapDifference(runWithK, runWithoutK, options);
}

export interface ExampleAnswer {
  exampleId: string;
  answer: string;
}

export interface ProfileSensitivity {
  /** Share of shared examples whose answer changed when another user's profile was used, with a bootstrap CI. */
  share: ConfidenceInterval;
  changed: number;
  n: number;
  onlyInOwn: number;
  onlyInSwapped: number;
}

export interface ProfileSensitivityOptions extends BootstrapOptions {
  /** Compare answers case-insensitively (whitespace is always trimmed and collapsed). */
  ignoreCase?: boolean;
}

/**
 * Profile sensitivity: the share of answers that change when the user's own profile is replaced
 * by another user's. Near 0 means the profile is ignored. Answers are compared after trimming and
 * collapsing whitespace, optionally ignoring case.
 */
export function profileSensitivity(
  answersOwnProfile: readonly ExampleAnswer[],
  answersSwappedProfile: readonly ExampleAnswer[],
  options: ProfileSensitivityOptions = {},
): ProfileSensitivity {
  const normalize = (answer: string) => {
    const collapsed = answer.trim().replace(/\s+/gu, " ");
    return options.ignoreCase ? collapsed.toLowerCase() : collapsed;
  };
  const own = indexById(answersOwnProfile, "with own profile");
  const swapped = indexById(answersSwappedProfile, "with swapped profile");
  const changedFlags: number[] = [];
  for (const [exampleId, row] of own) {
    const other = swapped.get(exampleId);
    if (other !== undefined) changedFlags.push(normalize(row.answer) === normalize(other.answer) ? 0 : 1);
  }
  if (changedFlags.length === 0) throw new StatsInputError("the two runs share no example id");
  const shared = changedFlags.length;
  return {
    share: bootstrapMeanCI(changedFlags, options),
    changed: changedFlags.reduce((sum, flag) => sum + flag, 0),
    n: shared,
    onlyInOwn: own.size - shared,
    onlyInSwapped: swapped.size - shared,
  };
}
