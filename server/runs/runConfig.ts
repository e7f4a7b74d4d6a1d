import { z } from "zod";

/** Frozen at creation and stored as Run.configJson: everything needed to reproduce the run. */
export const runConfigSchema = z.object({
  /** Only the first N examples of the dataset (file order). */
  limit: z.number().int().min(1).optional(),
  /** Or an explicit subset of LaMP example ids. */
  exampleIds: z.array(z.string()).optional(),
  seed: z.number().int().default(0),
  /** Examples executed at the same time (model calls are further limited per endpoint). */
  concurrency: z.number().int().min(1).max(256).default(4),
  /** Reuse cached model responses (key: endpoint, model, messages, params, sample index). */
  useCache: z.boolean().default(true),
  /** The model endpoint as shown to users: never carries an API key. */
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

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
