import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { parseJsonAs } from "../safeJson";

/** The pipelines, archived ones only when asked for. */
export async function listPipelines(db: Db, { archived = false }: { archived?: boolean } = {}) {
  const rows = await db.pipeline.findMany({
    where: archived ? { archivedAt: { not: null } } : { archivedAt: null },
    // Own pipelines (no templateKey) first, then the templates; explicit because SQLite sorts NULLs
    // first and PostgreSQL last by default.
    orderBy: [{ templateKey: { sort: "asc", nulls: "first" } }, { updatedAt: "desc" }],
    select: {
      id: true,
      name: true,
      description: true,
      templateKey: true,
      updatedAt: true,
      archivedAt: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true } },
      _count: { select: { versions: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    templateKey: r.templateKey,
    updatedAt: r.updatedAt,
    archivedAt: r.archivedAt,
    latestVersionId: r.versions[0]?.id ?? null,
    latestVersion: r.versions[0]?.version ?? 0,
  }));
}

export async function getPipeline(db: Db, id: string, versionId?: string) {
  const pipeline = await db.pipeline.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      templateKey: true,
      versions: { orderBy: { version: "desc" }, select: { id: true, version: true, note: true, createdAt: true, graphJson: true } },
    },
  });
  if (!pipeline) throw new NotFoundError(`Pipeline ${id} does not exist.`);
  const chosen = versionId ? pipeline.versions.find((v) => v.id === versionId) : pipeline.versions[0];
  if (!chosen) throw new NotFoundError(`Pipeline ${id} has no version ${versionId}.`);
  return {
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    templateKey: pipeline.templateKey,
    versions: pipeline.versions.map(({ graphJson: _g, ...v }) => v),
    version: { id: chosen.id, version: chosen.version, graph: parseJsonAs(chosen.graphJson, pipelineGraphSchema, `PipelineVersion ${chosen.id}.graphJson`) },
  };
}
