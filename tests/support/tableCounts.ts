import { ModelName } from "../../server/db/generated/internal/prismaNamespace";
import type { Db } from "../../server/db/client";

/** Rows per table, for every model of the schema: a refused import must leave every one of them as it was. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Object.values(ModelName)) {
    const delegate = (db as unknown as Record<string, { count(): Promise<number> }>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
    counts[model] = await delegate.count();
  }
  return counts;
}

/** One corpus case's outcome, and the three numbers a corpus reports. */
export type CorpusTally = { tried: number; clearError: number; unchanged: number };

export function newTally(): CorpusTally {
  return { tried: 0, clearError: 0, unchanged: 0 };
}

/** Prints `<corpus>: N tried, N clear error, N database unchanged` (the test output keeps it). */
export function printTally(corpus: string, tally: CorpusTally): void {
  console.log(`${corpus}: ${tally.tried} tried, ${tally.clearError} clear error, ${tally.unchanged} database unchanged`);
}
