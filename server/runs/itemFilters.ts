// Filters of the items table by what the signals and metrics say of an item. The signals live in
// a JSON column, so a filtered page reads every item's signals and metrics once and keeps the
// matches (a run of 20,000 items is read in well under a second); unfiltered pages page in SQL.
import { z } from "zod";
import { DEFAULT_FAILURE_MODE_PARAMS } from "../metrics/failureModes/params";

export const ITEM_FILTERS = ["switching", "invalid-raw", "no-coverage", "wrong", "intervened"] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

/** The fields the filters read, as stored (fields an item lacks read as absent). */
const filteredSignalsSchema = z.looseObject({
  candidateSwitches: z.number().nullable().optional(),
  rawValid: z.boolean().optional(),
  itemCoverage: z.number().nullable().optional(),
  interventionCount: z.number().optional(),
});
const filteredMetricsSchema = z.record(z.string(), z.number().nullable());


export function itemFilterSchemas() {
  return { signals: filteredSignalsSchema, metrics: filteredMetricsSchema };
}

export function matchesItemFilter(
  filter: ItemFilter,
  signals: z.infer<typeof filteredSignalsSchema>,
  metrics: z.infer<typeof filteredMetricsSchema>,
): boolean {
  switch (filter) {
    case "switching":
      return typeof signals.candidateSwitches === "number" && signals.candidateSwitches >= DEFAULT_FAILURE_MODE_PARAMS.manySwitchesThreshold;
    case "invalid-raw":
      return signals.rawValid === false;
    case "no-coverage":
      return signals.itemCoverage === 0;
    case "wrong":
      return metrics.correct === 0 || (typeof metrics.absoluteError === "number" && metrics.absoluteError > 0);
    case "intervened":
      return (signals.interventionCount ?? 0) > 0;
  }
}
