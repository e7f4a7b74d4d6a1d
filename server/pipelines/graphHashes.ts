import type { Db } from "../db/client";
import { graphHashOf } from "../pipeline/graphHash";
import { pipelineGraphSchema } from "../pipeline/graphSchema";
import { tryParseJsonAs } from "../safeJson";

/**
 * Fills PipelineVersion.graphHash for versions stored before it existed (at start-up, and before a
 * bundle import looks for an identical version). A version whose graph cannot be read keeps no
 * hash: it is never reused, and its own page shows the error.
 */
export async function backfillGraphHashes(db: Db): Promise<number> {
  const rows = await db.pipelineVersion.findMany({ where: { graphHash: null }, select: { id: true, graphJson: true } });
  let filled = 0;
  for (const row of rows) {
    const graph = tryParseJsonAs(row.graphJson, pipelineGraphSchema, `PipelineVersion ${row.id}.graphJson`);
    if (!graph.ok) continue;
    await db.pipelineVersion.update({ where: { id: row.id }, data: { graphHash: graphHashOf(graph.value) } });
    filled += 1;
  }
  return filled;
}
