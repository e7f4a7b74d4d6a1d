import { z } from "zod";
import { router, editorProcedure, viewerProcedure } from "../trpc";
import { getDataset, listDatasets } from "../../datasets/datasetQueries";
import { getDatasetDetail, getDatasetExample } from "../../datasets/datasetDetail";
import { datasetDeletionPlan, deleteDataset, renameDataset } from "../../datasets/manageDatasets";
import { studioRunService } from "../../queue/studioRunService";
import { importUploadedDataset } from "../../datasets/importUploaded";
import { SPLITS, SPLIT_KINDS } from "../../lamp/importDataset";
import { TASK_KEYS } from "../../lamp/tasks";

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
  /** Imports files uploaded to /api/uploads (streamed there), through the same importer as the CLI. */
  importUploaded: editorProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(200),
        split: z.enum(SPLITS),
        splitKind: z.enum(SPLIT_KINDS).optional(),
        task: z.enum(TASK_KEYS).optional(),
        description: z.string().max(2000).optional(),
        questionsUpload: z.string().min(1).max(64),
        outputsUpload: z.string().min(1).max(64).optional(),
      }),
    )
    .mutation(({ ctx, input }) => importUploadedDataset(ctx.db, input)),
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
