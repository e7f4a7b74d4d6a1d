import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { LAMP_TASKS, isTaskKey } from "../lamp/tasks";
import { parseJsonAs } from "../safeJson";
import { storedProfileSchema } from "../lamp/storedProfile";
import { getDataset } from "./datasetQueries";

/**
 * One dataset as its page shows it: how big the profiles are, how the golds are spread, one page of
 * examples (a chosen one with its whole profile), and the runs that used it.
 */
export type ProfileSizeStats = { min: number; median: number; max: number; mean: number; buckets: { label: string; count: number }[] };
export type GoldDistribution =
  | { kind: "label" | "rating"; counts: { value: string; count: number }[]; missing: number }
  | { kind: "text"; meanWords: number; maxWords: number; missing: number };

const SIZE_EDGES = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000];

/** Counts per size range, from the first non-empty range to the last (empty ones between kept). */
function sizeBuckets(sizes: number[]): { label: string; count: number }[] {
  const buckets = SIZE_EDGES.map((lo, i) => {
    const hi = SIZE_EDGES[i + 1];
    const count = sizes.filter((s) => s >= lo && (hi === undefined || s < hi)).length;
    const label = hi === undefined ? `${lo}+` : hi - lo === 1 ? String(lo) : `${lo}–${hi - 1}`;
    return { label, count };
  });
  const first = buckets.findIndex((b) => b.count > 0);
  const last = buckets.findLastIndex((b) => b.count > 0);
  return first === -1 ? [] : buckets.slice(first, last + 1);
}

function profileStats(sizes: number[]): ProfileSizeStats {
  if (sizes.length === 0) return { min: 0, median: 0, max: 0, mean: 0, buckets: [] };
  const sorted = [...sizes].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1)!, mean: sizes.reduce((a, b) => a + b, 0) / sizes.length, buckets: sizeBuckets(sizes) };
}

function goldDistribution(task: string, golds: (string | null)[]): GoldDistribution {
  const present = golds.filter((g): g is string => g !== null);
  const missing = golds.length - present.length;
  const output = isTaskKey(task) ? LAMP_TASKS[task].output : { kind: "text" as const };
  if (output.kind === "text") {
    const words = present.map((g) => g.split(/\s+/).filter(Boolean).length);
    return { kind: "text", meanWords: words.length ? words.reduce((a, b) => a + b, 0) / words.length : 0, maxWords: words.length ? Math.max(...words) : 0, missing };
  }
  const counts = new Map<string, number>();
  if (output.kind === "label") for (const label of output.labels) counts.set(label, 0);
  else for (let r = output.min; r <= output.max; r++) counts.set(String(r), 0);
  for (const g of present) counts.set(g, (counts.get(g) ?? 0) + 1);
  return { kind: output.kind, counts: [...counts].map(([value, count]) => ({ value, count })), missing };
}

export async function getDatasetDetail(db: Db, id: string, page: { skip: number; take: number }) {
  const dataset = await getDataset(db, id, 0);
  const [all, examples, runs] = await Promise.all([
    db.example.findMany({ where: { datasetId: id }, select: { profileSize: true, gold: true, userId: true } }),
    db.example.findMany({
      where: { datasetId: id },
      orderBy: { position: "asc" },
      skip: page.skip,
      take: page.take,
      select: { exampleId: true, input: true, profileSize: true, gold: true, userId: true },
    }),
    db.run.findMany({
      where: { datasetId: id },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        name: true,
        status: true,
        createdAt: true,
        doneItems: true,
        totalItems: true,
        experimentId: true,
        pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } },
      },
    }),
  ]);
  const users = new Set(all.map((e) => e.userId).filter((u): u is string => u !== null));
  return {
    ...dataset,
    users: users.size,
    profileSizes: profileStats(all.map((e) => e.profileSize)),
    golds: goldDistribution(dataset.task, all.map((e) => e.gold)),
    examples,
    runs: runs.map((r) => ({ ...r, pipeline: `${r.pipelineVersion.pipeline.name} v${r.pipelineVersion.version}` })),
  };
}

/** One example with its whole profile, as stored (the LaMP file's items). */
export async function getDatasetExample(db: Db, datasetId: string, exampleId: string) {
  const example = await db.example.findUnique({ where: { datasetId_exampleId: { datasetId, exampleId } } });
  if (!example) throw new NotFoundError(`Dataset ${datasetId} has no example ${exampleId}.`);
  return {
    exampleId: example.exampleId,
    input: example.input,
    gold: example.gold,
    userId: example.userId,
    profile: parseJsonAs(example.profileJson, storedProfileSchema, `Example ${example.id}.profileJson`),
  };
}
