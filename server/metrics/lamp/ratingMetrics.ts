// LaMP-3 scoring as eval/evaluation.py `create_metric_mae_rmse` does it: prediction and gold are
// str.strip()-ed, then parsed with Python float(). A prediction float() rejects ("3 stars", "",
// "four") becomes the rating farther from the gold: 1.0 when |1 - gold| > |5 - gold|, else 5.0 (so
// 5.0 for a gold of 3). A gold that float() rejects is a fatal error, as it is there.
// "nan", "inf" and "1e400" DO parse in Python; sklearn then refuses the whole array ("Input contains
// NaN/infinity"), so the official script crashes. That is the default here too (a clear error); the
// "worst-case" option treats such predictions like unparsable ones instead.
import { parsePythonFloat, pythonStrip } from "../../retrieval/pythonStrings";
import { numpyMean } from "./numpySum";

export type RatingScores = { MAE: number; RMSE: number };

export type NonFinitePolicy = "error" | "worst-case";

export class OfficialEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OfficialEvaluationError";
  }
}

export function goldRating(gold: string, where = ""): number {
  const value = parsePythonFloat(pythonStrip(String(gold)));
  if (value === null || !Number.isFinite(value)) {
    throw new OfficialEvaluationError(`LaMP-3 gold${where ? ` ${where}` : ""} is not a number: ${JSON.stringify(gold)}`);
  }
  return value;
}

export function worstCaseRating(gold: number): number {
  return Math.abs(1 - gold) > Math.abs(5 - gold) ? 1.0 : 5.0;
}

export type ParsedRating = { value: number; parsed: boolean };

/** The rating the official script scores for one prediction; `parsed` false when the fallback was used. */
export function predictedRating(pred: string, gold: number, nonFinite: NonFinitePolicy = "error", where = ""): ParsedRating {
  const value = parsePythonFloat(pythonStrip(String(pred)));
  if (value === null) return { value: worstCaseRating(gold), parsed: false };
  if (!Number.isFinite(value)) {
    if (nonFinite === "worst-case") return { value: worstCaseRating(gold), parsed: false };
    throw new OfficialEvaluationError(
      `LaMP-3 prediction${where ? ` ${where}` : ""} ${JSON.stringify(pred)} parses to ${value}; the official script would crash here ` +
        `(sklearn rejects NaN and infinity). Use the "worst-case" policy to score it as unparsable instead.`,
    );
  }
  return { value, parsed: true };
}

/** MAE and RMSE as sklearn computes them: mean |pred - gold|, sqrt(mean (gold - pred)^2). */
export function maeRmse(golds: readonly number[], preds: readonly number[]): RatingScores {
  if (golds.length !== preds.length) throw new Error(`Rating scoring needs as many predictions as golds (${preds.length} vs ${golds.length})`);
  const abs = golds.map((g, i) => Math.abs(preds[i] - g));
  const sq = golds.map((g, i) => {
    const d = g - preds[i];
    return d * d;
  });
  return { MAE: numpyMean(abs), RMSE: Math.sqrt(numpyMean(sq)) };
}

/** The official LaMP-3 metric on raw strings. */
export function ratingScores(golds: readonly string[], preds: readonly string[], nonFinite: NonFinitePolicy = "error"): RatingScores {
  const g = golds.map((x, i) => goldRating(x, `#${i}`));
  const p = preds.map((x, i) => predictedRating(x, g[i], nonFinite, `#${i}`).value);
  return maeRmse(g, p);
}
