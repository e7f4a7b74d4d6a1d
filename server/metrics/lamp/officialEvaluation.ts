// A port of LaMP eval/evaluation.py (`LaMPEvaluation._evaluate_task`): the id check, then the
// task's metric with exactly the official result keys:
//   LaMP_1, LaMP_2 -> { accuracy, f1 }        LaMP_3 -> { MAE, RMSE }
//   LaMP_4..LaMP_7 -> { "rouge-1", "rouge-L" } (plain means; see rougeScore.ts on the bootstrap)
// Duplicate ids behave as in the official dicts: the last output given for an id wins, and each id
// is scored once.
import { accuracyAndMacroF1, labelIndex } from "./classificationMetrics";
import { LAMP1_LABELS, lamp2Labels, type Lamp2LabelSet } from "../../lamp/officialLabels";
import { goldRating, maeRmse, OfficialEvaluationError, predictedRating, type NonFinitePolicy } from "./ratingMetrics";
import { rougeMeans, rougePair } from "./rougeScore";
import { pythonStrip } from "../../retrieval/pythonStrings";


export const OFFICIAL_TASKS = ["LaMP_1", "LaMP_2", "LaMP_3", "LaMP_4", "LaMP_5", "LaMP_6", "LaMP_7"] as const;
export type OfficialTask = (typeof OFFICIAL_TASKS)[number];

export type IdOutput = { id: string; output: string };

export type ClassificationResult = { accuracy: number; f1: number };
export type RatingResult = { MAE: number; RMSE: number };
export type GenerationResult = { "rouge-1": number; "rouge-L": number };
export type OfficialResult = ClassificationResult | RatingResult | GenerationResult;

export type EvaluateOptions = {
  /** LaMP_2 label list: "movie" (the official script today, default) or "news" (LaMP-2 old / LaMP-2N). */
  lamp2Labels?: Lamp2LabelSet;
  /** LaMP_3 predictions parsing to NaN/inf: "error" (the official script crashes; default) or "worst-case". */
  nonFinitePredictions?: NonFinitePolicy;
};

export type ResolvedTask = { task: OfficialTask; lamp2Labels?: Lamp2LabelSet };

/**
 * Accepts the eval-file names (LaMP_3), the training-script names (LaMP-3), and the LaMP-2 variant
 * names used around the studio: LaMP-2N / LaMP_2N / LaMP-2-old (news) and LaMP-2M / LaMP_2M (movie).
 */
export function resolveTask(name: string): ResolvedTask {
  const m = /^LaMP[-_]([1-7])(N|M|-old)?$/.exec(String(name).trim());
  if (!m || (m[2] && m[1] !== "2")) {
    throw new OfficialEvaluationError(`Unknown LaMP task "${name}"; expected LaMP_1 .. LaMP_7 (or LaMP-1 .. LaMP-7, LaMP-2N, LaMP-2M)`);
  }
  const task = `LaMP_${m[1]}` as OfficialTask;
  if (m[2] === "N" || m[2] === "-old") return { task, lamp2Labels: "news" };
  if (m[2] === "M") return { task, lamp2Labels: "movie" };
  return { task };
}

export function officialLabelsFor(task: OfficialTask, which?: Lamp2LabelSet): readonly string[] | null {
  if (task === "LaMP_1") return LAMP1_LABELS;
  if (task === "LaMP_2") return lamp2Labels(which ?? "movie");
  return null;
}

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => JSON.stringify(id));
  return shown.join(", ") + (ids.length > 10 ? ` and ${ids.length - 10} more` : "");
}

/** The official fatal check set(gold ids) == set(pred ids), with the difference spelled out. */
export function checkIds(golds: readonly IdOutput[], preds: readonly IdOutput[]): void {
  const goldIds = new Set(golds.map((g) => g.id));
  const predIds = new Set(preds.map((p) => p.id));
  const missing = [...goldIds].filter((id) => !predIds.has(id));
  const extra = [...predIds].filter((id) => !goldIds.has(id));
  if (missing.length === 0 && extra.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${missing.length} gold id(s) have no prediction: ${listIds(missing)}`);
  if (extra.length > 0) parts.push(`${extra.length} prediction id(s) are not in the golds: ${listIds(extra)}`);
  throw new OfficialEvaluationError(`Predictions ids and gold ids do not match: ${parts.join("; ")}`);
}

/** The official evaluation of one task's predictions. */
export function evaluateOfficial(taskName: string, golds: readonly IdOutput[], preds: readonly IdOutput[], options: EvaluateOptions = {}): OfficialResult {
  const resolved = resolveTask(taskName);
  const task = resolved.task;
  checkIds(golds, preds);
  const goldById = new Map<string, string>();
  for (const g of golds) goldById.set(g.id, g.output);
  const predById = new Map<string, string>();
  for (const p of preds) predById.set(p.id, p.output);
  if (goldById.size === 0) throw new OfficialEvaluationError(`Nothing to evaluate: the ${task} golds are empty`);
  const ids = [...goldById.keys()];
  const goldOutputs = ids.map((id) => goldById.get(id)!);
  const predOutputs = ids.map((id) => predById.get(id)!);

  const labels = officialLabelsFor(task, options.lamp2Labels ?? resolved.lamp2Labels);
  if (labels) {
    const r = accuracyAndMacroF1(
      goldOutputs.map((g) => labelIndex(g, labels)),
      predOutputs.map((p) => labelIndex(p, labels)),
      labels,
    );
    return { accuracy: r.accuracy, f1: r.f1 };
  }
  if (task === "LaMP_3") {
    const g = ids.map((id, i) => goldRating(goldOutputs[i], `for id ${JSON.stringify(id)}`));
    const p = ids.map((id, i) => predictedRating(predOutputs[i], g[i], options.nonFinitePredictions, `for id ${JSON.stringify(id)}`).value);
    return maeRmse(g, p);
  }
  const r = rougeMeans(
    predOutputs.map((p) => pythonStrip(p)),
    goldOutputs.map((g) => pythonStrip(g)),
  );
  return { "rouge-1": r.rouge1, "rouge-L": r.rougeL };
}

export type ExampleScore =
  | { kind: "label"; correct: 0 | 1; predIndex: number; goldIndex: number }
  | { kind: "rating"; prediction: number; parsed: boolean; absoluteError: number; squaredError: number }
  | { kind: "text"; rouge1: number; rougeL: number };

/**
 * One example's contribution to the official metric, for per-item storage: `correct` compares the
 * mapped label indices as the official accuracy does (so two different non-labels count as equal);
 * the rating is the one the official MAE/RMSE use (worst case when unparsable); ROUGE values are F.
 */
export function scoreExample(taskName: string, pred: string, gold: string, options: EvaluateOptions = {}): ExampleScore {
  const resolved = resolveTask(taskName);
  const labels = officialLabelsFor(resolved.task, options.lamp2Labels ?? resolved.lamp2Labels);
  if (labels) {
    const predIndex = labelIndex(pred, labels);
    const goldIndex = labelIndex(gold, labels);
    return { kind: "label", correct: predIndex === goldIndex ? 1 : 0, predIndex, goldIndex };
  }
  if (resolved.task === "LaMP_3") {
    const g = goldRating(gold);
    const p = predictedRating(pred, g, options.nonFinitePredictions);
    const diff = g - p.value;
    return { kind: "rating", prediction: p.value, parsed: p.parsed, absoluteError: Math.abs(diff), squaredError: diff * diff };
  }
  const s = rougePair(pythonStrip(pred), pythonStrip(gold));
  return { kind: "text", rouge1: s.rouge1.fmeasure, rougeL: s.rougeL.fmeasure };
}
