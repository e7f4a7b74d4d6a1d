import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { getDataset, listDatasets } from "../../datasets/datasetQueries";

export const datasetsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listDatasets(ctx.db)),
  byId: viewerProcedure
    .input(z.object({ id: z.string().min(1), examplesLimit: z.number().int().min(0).max(200).default(20) }))
    .query(({ ctx, input }) => getDataset(ctx.db, input.id, input.examplesLimit)),
});
