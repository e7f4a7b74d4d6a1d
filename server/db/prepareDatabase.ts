import { getDb } from "./client";
import { seedSampleDatasets, type SeedReport } from "../samples/seedSampleDatasets";

let prepared: Promise<SeedReport> | undefined;

/** Migrations (inside getDb) and the built-in samples, once per process. */
export function prepareDatabase(): Promise<SeedReport> {
  prepared ??= seedSampleDatasets(getDb());
  return prepared;
}
