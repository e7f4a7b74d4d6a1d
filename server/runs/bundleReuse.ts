// What a bundle import can reuse instead of copying: a pipeline version with the same graph, and a
// dataset (same name and task, or an earlier import of it) that holds every example of the bundle exactly (input, user, profile
// and gold). A dataset that differs in anything, even only a gold, is not reused: the bundle's
// examples become a dataset of their own, so the run's metrics always sit beside the golds they
// were computed against.
import type { Db } from "../db/client";
import { canonicalJson } from "../pipeline/graphHash";
import { parseJson } from "../safeJson";
import type { BundleExample, RunBundle } from "./runBundleSchema";

/** Rows looked up per query: far below the parameter limit of SQLite (32,766) and PostgreSQL (65,535). */
const IDS_PER_QUERY = 500;

/** The newest version, of a pipeline that is not archived, whose graph has this hash (PipelineVersion.graphHash). */
export async function findIdenticalPipelineVersion(db: Db, graphHash: string): Promise<{ id: string; pipelineId: string } | null> {
  return db.pipelineVersion.findFirst({
    where: { graphHash, pipeline: { archivedAt: null } },
    orderBy: { createdAt: "desc" },
    select: { id: true, pipelineId: true },
  });
}

function sameExample(local: { input: string; userId: string | null; gold: string | null; profileJson: string; id: string }, example: BundleExample): boolean {
  if (local.input !== example.input || local.userId !== example.userId || local.gold !== example.gold) return false;
  // Stored as the bundle's export wrote it (the usual case), else compared key order aside.
  if (local.profileJson === JSON.stringify(example.profile)) return true;
  try {
    return canonicalJson(parseJson(local.profileJson, `Example ${local.id}.profileJson`)) === canonicalJson(example.profile);
  } catch {
    return false; // A local profile that cannot be read is not the bundle's.
  }
}

/**
 * The dataset to reuse and its row id per example id, or null when there is none: one named like
 * the bundle's (or an earlier import of it, "<name> (imported N)"), of the same task, holding every
 * example of the bundle with the same input, user, profile and gold. Compared a chunk of examples
 * at a time, stopping at the first difference.
 */
export async function findIdenticalDataset(db: Db, bundle: RunBundle): Promise<{ datasetId: string; rowIds: Map<string, string> } | null> {
  const { name, task } = bundle.dataset;
  const candidates = await db.dataset.findMany({
    where: { task, OR: [{ name }, { name: { startsWith: `${name} (imported ` } }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true },
  });
  // The dataset of the bundle's own name first, then earlier imports.
  candidates.sort((a, b) => Number(b.name === name) - Number(a.name === name));
  for (const candidate of candidates) {
    const rowIds = await sameExamples(db, candidate.id, bundle.dataset.examples);
    if (rowIds) return { datasetId: candidate.id, rowIds };
  }
  return null;
}

/** The row id per example id when dataset `datasetId` holds every one of `examples` exactly, else null. */
async function sameExamples(db: Db, datasetId: string, examples: readonly BundleExample[]): Promise<Map<string, string> | null> {
  const rowIds = new Map<string, string>();
  for (let start = 0; start < examples.length; start += IDS_PER_QUERY) {
    const chunk = examples.slice(start, start + IDS_PER_QUERY);
    const local = await db.example.findMany({
      where: { datasetId, exampleId: { in: chunk.map((e) => e.exampleId) } },
      select: { id: true, exampleId: true, input: true, userId: true, gold: true, profileJson: true },
    });
    const byId = new Map(local.map((e) => [e.exampleId, e]));
    for (const example of chunk) {
      const row = byId.get(example.exampleId);
      if (!row || !sameExample(row, example)) return null;
      rowIds.set(example.exampleId, row.id);
    }
  }
  return rowIds;
}

/** `wanted`, or `wanted (imported N)` with the first N that is free. */
export async function freeName(taken: (name: string) => Promise<boolean>, wanted: string): Promise<string> {
  if (!(await taken(wanted))) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted} (imported ${n})`;
    if (!(await taken(candidate))) return candidate;
  }
}
