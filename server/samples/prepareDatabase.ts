import { getDb } from "../db/client";
import { seedSampleDatasets } from "./seedSampleDatasets";
import { seedTemplatePipelines } from "../pipelines/seedTemplatePipelines";
import { backfillGraphHashes } from "../pipelines/graphHashes";

export type PrepareReport = { created: string[]; present: string[]; templatesCreated: string[] };

let prepared: Promise<PrepareReport> | undefined;

/**
 * Migrations (inside getDb), the built-in sample datasets, the template pipelines and the graph
 * hashes of older pipeline versions, once per process.
 * Lives above server/db, which every layer imports and which therefore imports none of them.
 */
export function prepareDatabase(): Promise<PrepareReport> {
  prepared ??= (async () => {
    const db = getDb();
    const samples = await seedSampleDatasets(db);
    const templatesCreated = await seedTemplatePipelines(db);
    // Versions stored before graph hashes existed get theirs, so bundle imports can reuse them.
    await backfillGraphHashes(db);
    return { ...samples, templatesCreated };
  })();
  return prepared;
}
