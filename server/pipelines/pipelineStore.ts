import type { Db } from "../db/client";
import { NotFoundError, UserInputError } from "../errors";
import { validateGraph } from "../pipeline/validateGraph";
import type { NodeRegistry } from "../pipeline/nodeRegistry";
import { graphHashOf } from "../pipeline/graphHash";
import { pipelineGraphSchema, type PipelineGraph } from "../pipeline/graphSchema";
import { parseJsonAs } from "../safeJson";

export type SavedVersion = { pipelineId: string; versionId: string; version: number };

function checkedGraph(graph: unknown, registry: NodeRegistry): PipelineGraph {
  const result = validateGraph(graph, registry);
  if (!result.ok) {
    throw new UserInputError(`The pipeline graph is invalid:\n${result.issues.map((i) => `- ${i.message}`).join("\n")}`);
  }
  return result.value.graph;
}

/** Creates a pipeline with its first version. Graphs are validated before anything is written. */
export async function createPipeline(
  db: Db,
  registry: NodeRegistry,
  input: { name: string; description?: string; graph: unknown; templateKey?: string },
): Promise<SavedVersion> {
  const graph = checkedGraph(input.graph, registry);
  if (await db.pipeline.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new UserInputError(`A pipeline named "${input.name}" already exists.`);
  }
  const pipeline = await db.pipeline.create({
    data: {
      name: input.name,
      description: input.description ?? "",
      templateKey: input.templateKey ?? null,
      versions: { create: { version: 1, graphJson: JSON.stringify(graph), graphHash: graphHashOf(graph), note: "created" } },
    },
    select: { id: true, versions: { select: { id: true, version: true } } },
  });
  return { pipelineId: pipeline.id, versionId: pipeline.versions[0].id, version: 1 };
}

/** Every save is a new immutable version; runs keep pointing at the version they ran. */
export async function savePipelineVersion(
  db: Db,
  registry: NodeRegistry,
  input: { pipelineId: string; graph: unknown; note?: string },
): Promise<SavedVersion> {
  const graph = checkedGraph(input.graph, registry);
  return db.$transaction(async (tx) => {
    const latest = await tx.pipelineVersion.findFirst({
      where: { pipelineId: input.pipelineId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    if (!latest) throw new NotFoundError(`Pipeline ${input.pipelineId} does not exist.`);
    const created = await tx.pipelineVersion.create({
      data: {
        pipelineId: input.pipelineId,
        version: latest.version + 1,
        graphJson: JSON.stringify(graph),
        graphHash: graphHashOf(graph),
        note: input.note ?? "",
      },
      select: { id: true, version: true },
    });
    await tx.pipeline.update({ where: { id: input.pipelineId }, data: { updatedAt: new Date() } });
    return { pipelineId: input.pipelineId, versionId: created.id, version: created.version };
  });
}

export async function latestVersionOf(db: Db, pipelineId: string) {
  const version = await db.pipelineVersion.findFirst({ where: { pipelineId }, orderBy: { version: "desc" } });
  if (!version) throw new NotFoundError(`Pipeline ${pipelineId} does not exist.`);
  return { ...version, graph: parseJsonAs(version.graphJson, pipelineGraphSchema, `PipelineVersion ${version.id}.graphJson`) };
}
