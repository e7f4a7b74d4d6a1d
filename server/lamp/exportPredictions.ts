// The official predictions file (the same shape as an outputs file), which eval/evaluation.py and
// the LaMP leaderboard read: {"task": "LaMP_k", "golds": [{"id", "output"}, ...]}.
import fs from "node:fs";
import path from "node:path";
import { LampFormatError } from "./lampFormatError";
import { LAMP_TASKS, type FileTaskName, type TaskKey } from "./tasks";

export type Prediction = { exampleId: string; output: string };
export type LampPredictionsFile = { task: FileTaskName; golds: { id: string; output: string }[] };

export type BuildPredictionsOptions = {
  /** The dataset's example ids in file order; predictions are written in this order. */
  order?: readonly string[];
  /**
   * The official evaluator rejects a file whose ids differ from the gold ids, so by default every
   * id of `order` needs a prediction; allow gaps to export an unfinished run.
   */
  allowMissing?: boolean;
};

export function buildPredictionsFile(
  task: TaskKey,
  predictions: readonly Prediction[],
  opts: BuildPredictionsOptions = {},
): LampPredictionsFile {
  const byId = new Map<string, string>();
  for (const p of predictions) {
    if (byId.has(p.exampleId)) throw new LampFormatError(`Two predictions for example id ${JSON.stringify(p.exampleId)}`);
    byId.set(p.exampleId, p.output);
  }
  const fileTask = LAMP_TASKS[task].fileTaskName;
  if (!opts.order) return { task: fileTask, golds: predictions.map((p) => ({ id: p.exampleId, output: p.output })) };

  const inOrder = new Set(opts.order);
  const stray = predictions.filter((p) => !inOrder.has(p.exampleId)).map((p) => JSON.stringify(p.exampleId));
  if (stray.length > 0) {
    throw new LampFormatError(`${stray.length} prediction id(s) are not in the dataset: ${stray.slice(0, 10).join(", ")}`);
  }
  const missing = opts.order.filter((id) => !byId.has(id));
  if (missing.length > 0 && !opts.allowMissing) {
    throw new LampFormatError(
      `${missing.length} example(s) have no prediction (the official evaluator needs all): ${missing
        .slice(0, 10)
        .map((id) => JSON.stringify(id))
        .join(", ")}`,
    );
  }
  const golds = opts.order.filter((id) => byId.has(id)).map((id) => ({ id, output: byId.get(id) as string }));
  return { task: fileTask, golds };
}

/** Writes the predictions file (creating its folder); returns what was written. */
export async function writePredictionsFile(
  filePath: string,
  task: TaskKey,
  predictions: readonly Prediction[],
  opts: BuildPredictionsOptions = {},
): Promise<LampPredictionsFile> {
  const file = buildPredictionsFile(task, predictions, opts);
  await fs.promises.mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
  await fs.promises.writeFile(filePath, JSON.stringify(file, null, 2) + "\n", "utf8");
  return file;
}
