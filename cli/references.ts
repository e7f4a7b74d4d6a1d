// How the CLI names things: pipelines by template key, stored name or graph file; datasets by name or id.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../server/db/client";
import { findTemplate } from "../server/pipelines/templates";
import { createPipeline, latestVersionOf, savePipelineVersion } from "../server/pipelines/pipelineStore";
import { nodeRegistry } from "../server/nodes/registry";
import type { EndpointNames } from "../server/pipeline/endpointRequests";
import { validateGraph } from "../server/pipeline/validateGraph";

/**
 * A template key, a stored pipeline's name, or a graph file (stored as a pipeline, new version when
 * changed). A graph file is checked as for a run (a score node; the endpoint names, when
 * `endpoints` is given) before anything is stored, so a graph that cannot run leaves no pipeline.
 */
export async function resolvePipelineVersion(db: Db, ref: string, check: { endpoints?: EndpointNames } = {}): Promise<string> {
  const template = findTemplate(ref);
  if (template) {
    const stored = await db.pipeline.findUnique({ where: { templateKey: template.key }, select: { id: true } });
    if (!stored) throw new Error(`Template "${ref}" is not in the database; run npm run setup.`);
    return (await latestVersionOf(db, stored.id)).id;
  }
  const byName = await db.pipeline.findUnique({ where: { name: ref }, select: { id: true } });
  if (byName) return (await latestVersionOf(db, byName.id)).id;
  if (fs.existsSync(ref)) {
    let graph: unknown;
    try {
      // JSON.parse keeps a `constructor` or `__proto__` key as an own property, so the graph schema refuses it by name.
      graph = JSON.parse(fs.readFileSync(ref, "utf8"));
    } catch (err) {
      throw new Error(`${ref} is not valid JSON: ${(err as Error).message}`);
    }
    const validation = validateGraph(graph, nodeRegistry, { requireScoreNode: true, endpoints: check.endpoints });
    if (!validation.ok) throw new Error(`${ref} cannot run:\n${validation.issues.map((i) => `- ${i.message}`).join("\n")}`);
    const name = path.basename(ref).replace(/\.json$/i, "");
    const existing = await db.pipeline.findUnique({ where: { name }, select: { id: true } });
    if (!existing) return (await createPipeline(db, nodeRegistry, { name, graph })).versionId;
    const latest = await latestVersionOf(db, existing.id);
    if (JSON.stringify(latest.graph) === JSON.stringify(graph)) return latest.id;
    return (await savePipelineVersion(db, nodeRegistry, { pipelineId: existing.id, graph, note: `from ${ref}` })).versionId;
  }
  throw new Error(`No template, stored pipeline or file called "${ref}".`);
}

export async function resolveDataset(db: Db, ref: string): Promise<string> {
  const found = (await db.dataset.findUnique({ where: { name: ref }, select: { id: true } })) ?? (await db.dataset.findUnique({ where: { id: ref }, select: { id: true } }));
  if (!found) {
    const names = (await db.dataset.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((d) => d.name);
    throw new Error(`No dataset "${ref}". Datasets: ${names.join(", ") || "none"}`);
  }
  return found.id;
}
