import type { Db } from "../db/client";
import { ConflictError, NotFoundError, UserInputError } from "../errors";

/** Rename and delete runs (a run of an experiment belongs to its study: delete the experiment). */
const MAX_NAME = 200;

export async function renameRun(db: Db, id: string, name: string): Promise<{ id: string; name: string }> {
  const next = name.trim();
  if (next.length > MAX_NAME) throw new UserInputError(`A run name has at most ${MAX_NAME} characters.`);
  const { count } = await db.run.updateMany({ where: { id }, data: { name: next } });
  if (count === 0) throw new NotFoundError(`Run ${id} does not exist.`);
  return { id, name: next };
}

export async function deleteRun(db: Db, id: string, isExecuting: (run: { id: string; status: string }) => boolean): Promise<void> {
  const run = await db.run.findUnique({ where: { id }, select: { id: true, name: true, status: true, experimentId: true } });
  if (!run) throw new NotFoundError(`Run ${id} does not exist.`);
  if (isExecuting(run)) throw new ConflictError(`Run ${run.name || id} is executing: cancel it first.`);
  if (run.experimentId) throw new ConflictError(`Run ${run.name || id} is a cell of an experiment: delete the experiment to delete its runs.`);
  // Items go with the run (onDelete: Cascade); share links to it stop working (their target is gone).
  await db.$transaction([db.shareLink.deleteMany({ where: { kind: "run", target: id } }), db.run.delete({ where: { id } })]);
}
