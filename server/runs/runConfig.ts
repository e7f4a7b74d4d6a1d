import { z } from "zod";
import { endpointPinsSchema } from "./endpointPins";
import { PROFILE_SOURCES } from "./profileSource";

/** A re-pin: the run was resumed on endpoints that differ from the ones it started with. */
const repinSchema = z.object({
  at: z.string(),
  changes: z.array(z.object({ role: z.string(), name: z.string(), field: z.string(), pinned: z.string(), now: z.string() })),
});

/** Frozen at creation and stored as Run.configJson: everything needed to reproduce the run. */
export const runConfigSchema = z.object({
  /** Only the first N examples of the dataset (file order). */
  limit: z.number().int().min(1).optional(),
  /** Or an explicit subset of LaMP example ids. */
  exampleIds: z.array(z.string()).optional(),
  seed: z.number().int().default(0),
  /** Examples executed at the same time (model calls are further limited per endpoint). */
  concurrency: z.number().int().min(1).max(256).default(4),
  /** Whose profile each example is shown: its own user's, another user's (a seeded derangement of the users), or none. */
  profileSource: z.enum(PROFILE_SOURCES).default("own"),
  /** Reuse cached model responses (key: endpoint, model, messages, params, sample index). */
  useCache: z.boolean().default(true),
  /** The endpoints the run's nodes call, pinned at creation (endpointPins.ts); never carries a key. */
  endpoints: endpointPinsSchema.optional(),
  /** Earlier re-pins, oldest first: which endpoint fields changed under the run. */
  repins: z.array(repinSchema).default([]),
  /**
   * Runs created before pinning kept only the default endpoint's public view; read for display and
   * to check the endpoint before such a run is resumed (it is pinned then).
   */
  endpoint: z
    .object({
      name: z.string(),
      provider: z.string(),
      baseUrl: z.string().optional(),
      model: z.string(),
      hasApiKey: z.boolean(),
    })
    .nullable()
    .default(null),
});

export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | "interrupted";
