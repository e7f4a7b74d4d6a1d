import { z } from "zod";
import { router, editorProcedure, viewerProcedure } from "../trpc";
import { getDataset, listDatasets } from "../../datasets/datasetQueries";
import { getDatasetDetail, getDatasetExample } from "../../datasets/datasetDetail";
import { datasetDeletionPlan, deleteDataset, renameDataset } from "../../datasets/manageDatasets";
import { studioRunService } from "../../queue/studioRunService";

export const datasetsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listDatasets(ctx.db)),
  byId: viewerProcedure
    .input(z.object({ id: z.string().min(1), examplesLimit: z.number().int().min(0).max(200).default(20) }))
    .query(({ ctx, input }) => getDataset(ctx.db, input.id, input.examplesLimit)),
  /** The dataset page: profile sizes, gold spread, a page of examples, the runs on it. */
  detail: viewerProcedure
    .input(z.object({ id: z.string().min(1), skip: z.number().int().min(0).default(0), take: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => getDatasetDetail(ctx.db, input.id, input)),
  example: viewerProcedure
    .input(z.object({ id: z.string().min(1), exampleId: z.string().min(1) }))
    .query(({ ctx, input }) => getDatasetExample(ctx.db, input.id, input.exampleId)),
  rename: editorProcedure
    .input(z.object({ id: z.string().min(1), name: z.string().max(200) }))
    .mutation(({ ctx, input }) => renameDataset(ctx.db, input.id, input.name)),
  /** What a delete would take along (runs, experiments), for the confirmation. */
  deletionPlan: editorProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => datasetDeletionPlan(ctx.db, input.id)),
  delete: editorProcedure
    .input(z.object({ id: z.string().min(1), confirmRunIds: z.array(z.string()).max(10_000) }))
    .mutation(({ ctx, input }) => {
      const service = studioRunService(ctx.db);
      return deleteDataset(ctx.db, input.id, { runIds: input.confirmRunIds }, (run) => service.isActive(run));
    }),
});
