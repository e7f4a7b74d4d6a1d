import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { buildPredictionsFile, type LampPredictionsFile } from "../lamp/exportPredictions";
import { isTaskKey } from "../lamp/tasks";
import { parseJsonAs } from "../safeJson";
import { runConfigSchema } from "./runConfig";
import { selectRunExamples } from "./runExamples";

/**
 * A run's answers as an official LaMP predictions file, in dataset order over the run's examples,
 * ready for the official evaluation script or the leaderboard. `answer: "raw"` exports the model's
 * text before extraction. An unfinished run is refused unless `allowMissing`, because the official
 * evaluator rejects a file whose ids differ from the gold ids.
 */
export async function buildRunPredictions(
  db: Db,
  runId: string,
  opts: { answer?: "extracted" | "raw"; allowMissing?: boolean } = {},
): Promise<LampPredictionsFile> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { datasetId: true, configJson: true, dataset: { select: { task: true } } } });
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  const task = run.dataset.task;
  if (!isTaskKey(task)) throw new UserInputError(`Run ${runId} is on task "${task}", which has no official LaMP format.`);
  const selected = await selectRunExamples(db, run.datasetId, parseJsonAs(run.configJson, runConfigSchema, `Run ${runId}.configJson`));
  const items = await db.runItem.findMany({ where: { runId, status: "done" }, select: { exampleId: true, answer: true, rawAnswer: true } });
  return buildPredictionsFile(
    task,
    items.map((i) => ({ exampleId: i.exampleId, output: (opts.answer === "raw" ? i.rawAnswer : i.answer) ?? "" })),
    { order: selected.map((e) => e.exampleId), allowMissing: opts.allowMissing },
  );
}
