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

/** Which examples a run covers, without their texts (a 20,000-item run's profiles take gigabytes). */
export type RunExampleRef = Pick<RunExample, "id" | "exampleId" | "position">;

const REF_SELECT = { id: true, exampleId: true, position: true } as const;
const EXAMPLE_SELECT = { id: true, exampleId: true, position: true, input: true, profileJson: true, gold: true } as const;

/** The examples a run covers, in file order: the first `limit`, or the listed ids. */
export async function selectRunExamples(db: Db, datasetId: string, config: Pick<RunConfig, "limit" | "exampleIds">): Promise<RunExampleRef[]> {
  if (config.exampleIds && config.exampleIds.length > 0) {
    const rows = await db.example.findMany({
      where: { datasetId, exampleId: { in: config.exampleIds } },
      orderBy: { position: "asc" },
      select: REF_SELECT,
    });
    const found = new Set(rows.map((r) => r.exampleId));
    const missing = config.exampleIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new UserInputError(`Example ids not in the dataset: ${missing.slice(0, 10).join(", ")}`);
    return rows;
  }
  return db.example.findMany({ where: { datasetId }, orderBy: { position: "asc" }, take: config.limit, select: REF_SELECT });
}

/** The full examples behind refs (one query), in the refs' order. */
export async function loadRunExamples(db: Db, refs: readonly RunExampleRef[]): Promise<RunExample[]> {
  const rows = await db.example.findMany({ where: { id: { in: refs.map((r) => r.id) } }, select: EXAMPLE_SELECT });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return refs.flatMap((r) => byId.get(r.id) ?? []);
}

const DEFAULT_PAGE_SIZE = 128;

/**
 * Hands out a run's examples in order, loading them a page at a time as the run reaches them and
 * forgetting each page once all of its examples are taken, so a run holds only the texts of the
 * pages in flight, however many items it has.
 */
export class RunExamplePager {
  private readonly pages = new Map<number, Promise<Map<string, RunExample>>>();
  private readonly taken = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly refs: readonly RunExampleRef[],
    private readonly pageSize = DEFAULT_PAGE_SIZE,
    /** Rewrites a loaded page (e.g. the run's profile source); identity by default. */
    private readonly transform: (examples: RunExample[]) => Promise<RunExample[]> = async (examples) => examples,
  ) {}

  /** Pages loaded and not yet fully taken. */
  get pagesHeld(): number {
    return this.pages.size;
  }

  get length(): number {
    return this.refs.length;
  }

  async take(index: number): Promise<RunExample | null> {
    const page = Math.floor(index / this.pageSize);
    let rows = this.pages.get(page);
    if (!rows) {
      rows = loadRunExamples(this.db, this.refs.slice(page * this.pageSize, (page + 1) * this.pageSize))
        .then(this.transform)
        .then((list) => new Map(list.map((e) => [e.id, e])));
      this.pages.set(page, rows);
    }
    const size = Math.min(this.pageSize, this.refs.length - page * this.pageSize);
    const taken = (this.taken.get(page) ?? 0) + 1;
    if (taken === size) {
      this.pages.delete(page);
      this.taken.delete(page);
    } else this.taken.set(page, taken);
    return (await rows).get(this.refs[index].id) ?? null;
  }
}

export function parseProfile(example: Pick<RunExample, "id" | "profileJson">): ProfileItem[] {
  return parseJsonAs(example.profileJson, storedProfileSchema, `Example ${example.id}.profileJson`);
}
