import { mean, quantileSorted } from "./descriptive";
import { StatsInputError } from "./errors";
import { mulberry32, randomIndex } from "./random";

export interface BootstrapOptions {
  /** Number of bootstrap resamples B. */
  resamples?: number;
  /** 1 - confidence level; 0.05 gives a 95% interval. */
  alpha?: number;
  /** PRNG seed: the same values, seed and options always give the same interval. */
  seed?: number;
}

export const DEFAULT_BOOTSTRAP_OPTIONS: Required<BootstrapOptions> = { resamples: 2000, alpha: 0.05, seed: 20250523 };

export interface ConfidenceInterval {
  /** The statistic on the original sample. */
  estimate: number;
  lower: number;
  upper: number;
  /** Sample size. */
  n: number;
  resamples: number;
  alpha: number;
  seed: number;
}

function resolveOptions(options: BootstrapOptions | undefined): Required<BootstrapOptions> {
  const resolved = { ...DEFAULT_BOOTSTRAP_OPTIONS, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) };
  if (!Number.isInteger(resolved.resamples) || resolved.resamples < 1) throw new StatsInputError(`resamples must be a positive integer, got ${resolved.resamples}`);
  if (!(resolved.alpha > 0 && resolved.alpha < 1)) throw new StatsInputError(`alpha must be in (0, 1), got ${resolved.alpha}`);
  return resolved;
}

/**
 * Percentile bootstrap confidence interval for the mean: draw B resamples of size n with
 * replacement, take each resample's mean, and report the alpha/2 and 1 - alpha/2 quantiles
 * (type 7) of those B means.
 */
export function bootstrapMeanCI(values: readonly number[], options?: BootstrapOptions): ConfidenceInterval {
  if (values.length === 0) throw new StatsInputError("bootstrap of no values");
  if (values.some((value) => !Number.isFinite(value))) throw new StatsInputError("bootstrap values must be finite numbers");
  const { resamples, alpha, seed } = resolveOptions(options);
  const random = mulberry32(seed);
  const n = values.length;
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomIndex(random, n)]!;
    means[b] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  return {
    estimate: mean(values),
    lower: quantileSorted(sorted, alpha / 2),
    upper: quantileSorted(sorted, 1 - alpha / 2),
    n,
    resamples,
    alpha,
    seed,
  };
}
