import { StatsInputError } from "./errors";

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new StatsInputError("mean of no values");
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Quantile of ascending-sorted values with linear interpolation between order statistics
 * (Hyndman-Fan type 7, the default of numpy.percentile and R): position (n - 1) * q.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new StatsInputError("quantile of no values");
  if (!(q >= 0 && q <= 1)) throw new StatsInputError(`quantile level ${q} is outside [0, 1]`);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const fraction = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * fraction;
}

export function quantile(values: readonly number[], q: number): number {
  return quantileSorted([...values].sort((a, b) => a - b), q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
