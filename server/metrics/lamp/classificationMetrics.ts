// LaMP-1/2 scoring as eval/evaluation.py `create_metric_f1_accuracy` does it:
//   - prediction and gold are `str(x).strip()`-ed, then mapped to their index in the label list,
//     or -1 when not EXACTLY a label (case- and space-sensitive: "Comedy" and "comedy." are -1);
//   - accuracy compares the mapped indices, so a -1 prediction against a -1 gold counts as correct;
//   - f1 is sklearn f1_score(labels=range(len(labels)), average="macro"): per label precision,
//     recall and F1 (0 where undefined), averaged over EVERY listed label, including labels that
//     never occur; -1 is not a label, but a -1 prediction still misses its gold label's recall.
// Per label, F1 = 2 tp / (2 tp + fp + fn), the form sklearn >= 1.3 computes (older releases went
// through precision and recall and could differ in the last bit).
import { pythonStrip } from "../../retrieval/pythonStrings";
import { numpyMean } from "./numpySum";

export type ClassificationScores = { accuracy: number; f1: number };

export type PerLabelScores = { label: string; precision: number; recall: number; f1: number; support: number; predicted: number };

/** The official create_mapping after strip: index in the label list, or -1. */
export function labelIndex(text: string, labels: readonly string[]): number {
  return labels.indexOf(pythonStrip(String(text)));
}

export function perLabelScores(goldIndices: readonly number[], predIndices: readonly number[], labels: readonly string[]): PerLabelScores[] {
  if (goldIndices.length !== predIndices.length) {
    throw new Error(`Classification scoring needs as many predictions as golds (${predIndices.length} vs ${goldIndices.length})`);
  }
  const L = labels.length;
  const tp = new Array<number>(L).fill(0);
  const predicted = new Array<number>(L).fill(0);
  const support = new Array<number>(L).fill(0);
  for (let i = 0; i < goldIndices.length; i++) {
    const g = goldIndices[i];
    const p = predIndices[i];
    if (g >= 0 && g < L) support[g]++;
    if (p >= 0 && p < L) {
      predicted[p]++;
      if (p === g) tp[p]++;
    }
  }
  return labels.map((label, c) => ({
    label,
    precision: predicted[c] === 0 ? 0 : tp[c] / predicted[c],
    recall: support[c] === 0 ? 0 : tp[c] / support[c],
    f1: support[c] + predicted[c] === 0 ? 0 : (2 * tp[c]) / (support[c] + predicted[c]),
    support: support[c],
    predicted: predicted[c],
  }));
}

/** Accuracy and macro-F1 over already mapped indices (-1 = not a label). */
export function accuracyAndMacroF1(goldIndices: readonly number[], predIndices: readonly number[], labels: readonly string[]): ClassificationScores {
  const perLabel = perLabelScores(goldIndices, predIndices, labels);
  const hits = goldIndices.map((g, i) => (g === predIndices[i] ? 1 : 0));
  return { accuracy: numpyMean(hits), f1: numpyMean(perLabel.map((s) => s.f1)) };
}

/** The official LaMP-1/2 metric on raw strings. */
export function classificationScores(golds: readonly string[], preds: readonly string[], labels: readonly string[]): ClassificationScores {
  return accuracyAndMacroF1(
    golds.map((g) => labelIndex(g, labels)),
    preds.map((p) => labelIndex(p, labels)),
    labels,
  );
}
