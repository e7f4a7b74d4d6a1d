import { z } from "zod";

/**
 * What a valid final answer looks like for a task. LaMP-1/2 are label tasks (the official
 * evaluator accepts only an exact label after strip), LaMP-3 is a 1-5 rating, LaMP-4..7 are short
 * generations. Built by the pipeline from the task's label list; lengths are in words.
 */
export const outputFormatSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("label"), labels: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal("rating") }),
  z.object({
    kind: z.literal("text"),
    /** Explicit bounds win over `referenceLength` and over the params' textMinWords/textMaxWords. */
    minWords: z.number().int().min(0).optional(),
    maxWords: z.number().int().min(1).optional(),
    /**
     * A typical answer length in words (e.g. the mean length of the user's past headlines, or the
     * gold length when scoring). Plausible lengths are then within a factor
     * `referenceLengthTolerance` of it.
     */
    referenceLength: z.number().positive().optional(),
  }),
]);

export type OutputFormatSpec = z.infer<typeof outputFormatSpecSchema>;
