import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import type { ProfileItem } from "../pipeline/nodeContext";
import { storedProfileSchema } from "../lamp/storedProfile";
import { parseJsonAs } from "../safeJson";
import type { RunConfig } from "./runConfig";

export type RunExample = {
  id: string;
  exampleId: string;
  position: number;
  input: string;
  profileJson: string;
  gold: string | null;
};

/** The examples a run covers, in file order: the first `limit`, or the listed ids. */
export async function selectRunExamples(
  db: Db,
  datasetId: string,
  config: Pick<RunConfig, "limit" | "exampleIds">,
): Promise<RunExample[]> {
  const select = { id: true, exampleId: true, position: true, input: true, profileJson: true, gold: true } as const;
  if (config.exampleIds && config.exampleIds.length > 0) {
    const rows = await db.example.findMany({
      where: { datasetId, exampleId: { in: config.exampleIds } },
      orderBy: { position: "asc" },
      select,
    });
    const found = new Set(rows.map((r) => r.exampleId));
    const missing = config.exampleIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new UserInputError(`Example ids not in the dataset: ${missing.slice(0, 10).join(", ")}`);
    return rows;
  }
  return db.example.findMany({ where: { datasetId }, orderBy: { position: "asc" }, take: config.limit, select });
}

export function parseProfile(example: Pick<RunExample, "id" | "profileJson">): ProfileItem[] {
  return parseJsonAs(example.profileJson, storedProfileSchema, `Example ${example.id}.profileJson`);
}
