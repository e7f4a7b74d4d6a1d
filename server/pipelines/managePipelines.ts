import type { Db } from "../db/client";
import { ConflictError, NotFoundError, UserInputError } from "../errors";

/**
 * Rename, archive and delete pipelines. A version a run used is part of that run's record: a
 * pipeline with such versions cannot be deleted, only archived (hidden from the lists, kept whole).
 */
const MAX_NAME = 120;

async function existing(db: Db, id: string) {
  const pipeline = await db.pipeline.findUnique({ where: { id }, select: { id: true, name: true, archivedAt: true } });
  if (!pipeline) throw new NotFoundError(`Pipeline ${id} does not exist.`);
  return pipeline;
}

export async function renamePipeline(db: Db, id: string, name: string): Promise<{ id: string; name: string }> {
  const next = name.trim();
  if (next.length === 0 || next.length > MAX_NAME) throw new UserInputError(`A pipeline name has 1 to ${MAX_NAME} characters.`);
  await existing(db, id);
  const clash = await db.pipeline.findUnique({ where: { name: next }, select: { id: true } });
  if (clash && clash.id !== id) throw new ConflictError(`Another pipeline is named "${next}".`);
  await db.pipeline.update({ where: { id }, data: { name: next } });
  return { id, name: next };
}

export async function setPipelineArchived(db: Db, id: string, archived: boolean): Promise<{ id: string; archivedAt: Date | null }> {
  await existing(db, id);
  const row = await db.pipeline.update({ where: { id }, data: { archivedAt: archived ? new Date() : null }, select: { id: true, archivedAt: true } });
  return row;
}

/** Deletes a pipeline no run used; refused (archive it instead) when one did. */
export async function deletePipeline(db: Db, id: string): Promise<void> {
  const pipeline = await existing(db, id);
  const runs = await db.run.count({ where: { pipelineVersion: { pipelineId: id } } });
  if (runs > 0) {
    throw new ConflictError(`Pipeline "${pipeline.name}" has versions used by ${runs} run(s): they keep it. Archive it instead, to hide it.`);
  }
  await db.pipeline.delete({ where: { id } });
}
