/** A real run bundle to import: the profile baseline over five LaMP-7 sample examples, executed offline. */
import { nodeRegistry } from "../../server/nodes/registry";
import { executeRun } from "../../server/runs/executeRun";
import { exportRunBundle } from "../../server/runs/runBundle";
import type { RunBundle } from "../../server/runs/runBundleSchema";
import { offlineServices } from "./pipelineServices";
import { createTestPipeline, createTestRun, importRunDataset } from "./runFixtures";
import type { TempDatabase } from "./tempDatabase";

export async function exportedSampleRun(source: TempDatabase, examples = 5): Promise<{ runId: string; bundle: RunBundle }> {
  const dataset = await importRunDataset(source.db, "LaMP-7");
  const runId = await createTestRun(source.db, await createTestPipeline(source.db, "profile-baseline"), dataset.datasetId, { limit: examples });
  const { services, dispose } = offlineServices(source.db);
  await executeRun(source.db, runId, { registry: nodeRegistry, services });
  await dispose();
  // Through JSON, as a bundle travels.
  return { runId, bundle: JSON.parse(JSON.stringify(await exportRunBundle(source.db, runId))) as RunBundle };
}

/**
 * The bundle grown to `count` examples and as many done items (copies of its first example and
 * item, with ids of their own, three profile items and no stored outputs): as many examples as a
 * large LaMP split.
 */
export function scaledBundle(bundle: RunBundle, count: number): RunBundle {
  const example = bundle.dataset.examples[0]!;
  const item = bundle.items[0]!;
  const examples = Array.from({ length: count }, (_, i) => ({ ...example, exampleId: `big-${i}`, position: i, profile: example.profile.slice(0, 3) }));
  const items = examples.map((e) => ({ ...item, exampleId: e.exampleId, position: e.position, outputs: {}, signals: {} }));
  return { ...bundle, dataset: { ...bundle.dataset, name: `${bundle.dataset.name} x${count}`, examples }, run: { ...bundle.run, totalItems: count }, items };
}
