import { z } from "zod";
import { router, publicProcedure } from "../trpc";
import { failureModeDefinitions } from "../../metrics/failureModes/definitions";
import { failureModeParamsOverridesSchema } from "../../metrics/failureModes/params";

/** Read-only: the user-facing definitions of every failure-mode signal, for the dashboard. */
export const failureModesRouter = router({
  /** `overrides` = a score node's `failureModes` params, so the texts match the thresholds a run used. */
  definitions: publicProcedure
    .input(z.object({ overrides: failureModeParamsOverridesSchema.optional() }).default({}))
    .query(({ input }) => failureModeDefinitions(input.overrides)),
});
