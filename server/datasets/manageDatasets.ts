import type { Db } from "../db/client";
import { ConflictError, NotFoundError, UserInputError } from "../errors";

/** Rename and delete a dataset; deleting takes its runs (and their experiments) along, only when confirmed. */
const MAX_NAME = 200;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME) throw new UserInputError(`A dataset name has 1 to ${MAX_NAME} characters.`);
  return trimmed;
}

export async function renameDataset(db: Db, id: string, name: string): Promise<{ id: string; name: string }> {
  const next = checkName(name);
  const clash = await db.dataset.findUnique({ where: { name: next }, select: { id: true } });
  if (clash && clash.id !== id) throw new ConflictError(`Another dataset is named "${next}".`);
  const { count } = await db.dataset.updateMany({ where: { id }, data: { name: next } });
  if (count === 0) throw new NotFoundError(`Dataset ${id} does not exist.`);
  return { id, name: next };
}

/** What deleting the dataset would delete with it, for the confirmation. */
export type DatasetDeletionPlan = {
  id: string;
  name: string;
  examples: number;
  runs: { id: string; name: string; status: string; items: number }[];
  experiments: { id: string; name: string }[];
};

export async function datasetDeletionPlan(db: Db, id: string): Promise<DatasetDeletionPlan> {
  const dataset = await db.dataset.findUnique({ where: { id }, select: { id: true, name: true, exampleCount: true } });
  if (!dataset) throw new NotFoundError(`Dataset ${id} does not exist.`);
  const runs = await db.run.findMany({
    where: { datasetId: id },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, status: true, experimentId: true, _count: { select: { items: true } } },
  });
  const experimentIds = [...new Set(runs.map((r) => r.experimentId).filter((e): e is string => e !== null))];
  const experiments = await db.experiment.findMany({ where: { id: { in: experimentIds } }, select: { id: true, name: true } });
  return {
    id,
    name: dataset.name,
    examples: dataset.exampleCount,
    runs: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, items: r._count.items })),
    experiments,
  };
}

/**
 * Deletes the dataset. With runs that used it, only when `confirm` lists exactly those runs (so a
 * run made since the user looked is never deleted unseen); never while one of them executes. An
 * experiment that had a run on it is deleted too (a study with a missing cell would mislead).
 */
export async function deleteDataset(
  db: Db,
  id: string,
  confirm: { runIds: string[] },
  isExecuting: (run: { id: string; status: string }) => boolean,
): Promise<DatasetDeletionPlan> {
  const plan = await datasetDeletionPlan(db, id);
  const expected = new Set(plan.runs.map((r) => r.id));
  if (confirm.runIds.length !== expected.size || confirm.runIds.some((r) => !expected.has(r))) {
    throw new ConflictError(
      plan.runs.length === 0
        ? `Dataset "${plan.name}" has no runs any more; confirm again.`
        : `Deleting dataset "${plan.name}" also deletes its ${plan.runs.length} run(s) (${plan.runs.map((r) => r.name || r.id).join(", ")}); confirm that list.`,
    );
  }
  const busy = plan.runs.filter((r) => isExecuting(r));
  if (busy.length > 0) throw new ConflictError(`Run ${busy.map((r) => r.name || r.id).join(", ")} is executing on this dataset: cancel it first.`);
  await db.$transaction([
    db.experiment.deleteMany({ where: { id: { in: plan.experiments.map((e) => e.id) } } }),
    db.dataset.delete({ where: { id } }),
  ]);
  return plan;
}
