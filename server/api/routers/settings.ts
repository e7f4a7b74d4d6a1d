import { z } from "zod";
import { router, adminProcedure, viewerProcedure } from "../trpc";
import { deleteEndpoint, listEndpoints, saveEndpoint } from "../../settings/endpointStore";
import { checkEndpoint } from "../../settings/endpointCheck";

export const settingsRouter = router({
  /** Configured model endpoints, key-free (hasApiKey only). */
  endpoints: viewerProcedure.query(({ ctx }) => listEndpoints(ctx.db)),
  saveEndpoint: adminProcedure
    .input(z.object({ config: z.record(z.string(), z.unknown()), apiKey: z.string().max(4096).nullable().optional() }))
    .mutation(({ ctx, input }) => saveEndpoint(ctx.db, input)),
  deleteEndpoint: adminProcedure.input(z.object({ name: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await deleteEndpoint(ctx.db, input.name);
    return { deleted: true };
  }),
  checkEndpoint: adminProcedure.input(z.object({ name: z.string().min(1) })).mutation(({ ctx, input }) => checkEndpoint(ctx.db, input.name)),
});
