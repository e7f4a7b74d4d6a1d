import { z } from "zod";
import { router, editorProcedure, viewerProcedure } from "../trpc";
import { nodeRegistry } from "../../nodes/registry";
import { validateGraph } from "../../pipeline/validateGraph";
import { createPipeline, savePipelineVersion } from "../../pipelines/pipelineStore";
import { getPipeline, listPipelines } from "../../pipelines/pipelineQueries";
import { deletePipeline, renamePipeline, setPipelineArchived } from "../../pipelines/managePipelines";
import { PIPELINE_TEMPLATES } from "../../pipelines/templates";
import { loadEndpointNames } from "../../runs/availableEndpoints";

export const pipelinesRouter = router({
  list: viewerProcedure
    .input(z.object({ archived: z.boolean().default(false) }).default({ archived: false }))
    .query(({ ctx, input }) => listPipelines(ctx.db, input)),
  rename: editorProcedure
    .input(z.object({ id: z.string().min(1), name: z.string().max(120) }))
    .mutation(({ ctx, input }) => renamePipeline(ctx.db, input.id, input.name)),
  /** Hidden from the lists (or back); its versions and their runs are kept. */
  archive: editorProcedure
    .input(z.object({ id: z.string().min(1), archived: z.boolean() }))
    .mutation(({ ctx, input }) => setPipelineArchived(ctx.db, input.id, input.archived)),
  /** Only a pipeline no run used (else archive it). */
  delete: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await deletePipeline(ctx.db, input.id);
    return { deleted: true };
  }),
  templates: viewerProcedure.query(() => PIPELINE_TEMPLATES.map(({ graph: _g, ...t }) => t)),
  get: viewerProcedure
    .input(z.object({ id: z.string().min(1), versionId: z.string().optional() }))
    .query(({ ctx, input }) => getPipeline(ctx.db, input.id, input.versionId)),
  validate: viewerProcedure.input(z.object({ graph: z.unknown(), forRun: z.boolean().default(true) })).query(async ({ ctx, input }) => {
    // A node naming an endpoint that does not exist is an issue before the run, not a failure of every item.
    const result = validateGraph(input.graph, nodeRegistry, { requireScoreNode: input.forRun, endpoints: input.forRun ? await loadEndpointNames(ctx.db) : undefined });
    return result.ok ? { ok: true as const, issues: [] } : { ok: false as const, issues: result.issues };
  }),
  create: editorProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120), description: z.string().max(2000).optional(), graph: z.unknown() }))
    .mutation(({ ctx, input }) => createPipeline(ctx.db, nodeRegistry, input)),
  saveVersion: editorProcedure
    .input(z.object({ pipelineId: z.string().min(1), graph: z.unknown(), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => savePipelineVersion(ctx.db, nodeRegistry, input)),
});
