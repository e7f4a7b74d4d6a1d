import { z } from "zod";
import { router, editorProcedure, idField, shareableProcedure, viewerProcedure } from "../trpc";
import { createExperimentService } from "../../experiments/experimentService";
import { experimentSpecSchema } from "../../experiments/experimentSpec";
import { listExperiments, summarizeExperiment } from "../../experiments/experimentSummary";
import { STUDIES, STUDY_KEYS, studySpec } from "../../experiments/studies";
import { studioRunService } from "../../queue/studioRunService";
import { deleteExperiment } from "../../experiments/manageExperiments";
import { nodeRegistry } from "../../nodes/registry";
import type { Db } from "../../db/client";

const studyInput = z.object({
  study: z.enum(STUDY_KEYS as [string, ...string[]]),
  datasetIds: z.array(z.string().min(1)).min(1).max(10),
  endpoints: z.array(z.string().min(1)).max(2).optional(),
  limit: z.number().int().min(1).optional(),
  repetitions: z.number().int().min(1).max(10).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
});
/** A design given whole, or a built-in study. */
const designInput = z.union([z.object({ spec: experimentSpecSchema }), studyInput]);

function service(db: Db) {
  return createExperimentService(db, studioRunService(db), nodeRegistry);
}

async function specOf(db: Db, input: z.infer<typeof designInput>) {
  return "spec" in input ? input.spec : studySpec(db, input.study as keyof typeof STUDIES, input);
}

export const experimentsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listExperiments(ctx.db)),
  studies: viewerProcedure.query(() => STUDY_KEYS.map((key) => ({ key, title: STUDIES[key].title, description: STUDIES[key].description }))),
  get: shareableProcedure((raw) => ({ experimentId: idField(raw, "id") })).input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => summarizeExperiment(ctx.db, input.id)),
  /** Runs x items x model calls of a design, before anything is created. */
  estimate: viewerProcedure.input(designInput).query(async ({ ctx, input }) => service(ctx.db).estimate(await specOf(ctx.db, input))),
  /** Creates the experiment and its runs, and starts them. */
  start: editorProcedure.input(designInput).mutation(async ({ ctx, input }) => {
    const experiments = service(ctx.db);
    const created = await experiments.create(await specOf(ctx.db, input));
    const { warnings } = await experiments.start(created.experimentId);
    return { experimentId: created.experimentId, size: created.size, warnings };
  }),
  resume: editorProcedure.input(z.object({ id: z.string().min(1), repin: z.boolean().default(false) })).mutation(({ ctx, input }) => service(ctx.db).start(input.id, { repin: input.repin })),
  delete: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => {
    const runs = studioRunService(ctx.db);
    return deleteExperiment(ctx.db, input.id, (run) => runs.isActive(run));
  }),
  cancel: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => service(ctx.db).cancel(input.id)),
});
