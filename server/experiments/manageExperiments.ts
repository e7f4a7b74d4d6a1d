import type { Db } from "../db/client";
import { ConflictError, NotFoundError } from "../errors";

/** Deletes an experiment with its runs (its cells), never while one of them executes. */
export async function deleteExperiment(db: Db, id: string, isExecuting: (run: { id: string; status: string }) => boolean): Promise<{ runs: number }> {
  const experiment = await db.experiment.findUnique({ where: { id }, select: { name: true, runs: { select: { id: true, status: true } } } });
  if (!experiment) throw new NotFoundError(`Experiment ${id} does not exist.`);
  if (experiment.runs.some(isExecuting)) throw new ConflictError(`Experiment "${experiment.name}" has runs executing: cancel it first.`);
  await db.$transaction([
    db.shareLink.deleteMany({ where: { kind: "experiment", target: id } }),
    // The runs go with it (Run.experimentId: onDelete Cascade), and their items with them.
    db.experiment.delete({ where: { id } }),
  ]);
  return { runs: experiment.runs.length };
}
