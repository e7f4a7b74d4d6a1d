import type { Db } from "../db/client";
import { nodeRegistry } from "../nodes/registry";
import { createPipeline } from "./pipelineStore";
import { PIPELINE_TEMPLATES } from "./templates";

/** Makes sure every shipped template exists as a pipeline (version 1 = the template as shipped). */
export async function seedTemplatePipelines(db: Db): Promise<string[]> {
  const created: string[] = [];
  for (const template of PIPELINE_TEMPLATES) {
    if (await db.pipeline.findUnique({ where: { templateKey: template.key }, select: { id: true } })) continue;
    await createPipeline(db, nodeRegistry, {
      name: template.name,
      description: template.description,
      graph: template.graph,
      templateKey: template.key,
    });
    created.push(template.name);
  }
  return created;
}
