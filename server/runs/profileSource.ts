// Profile counterfactuals: a run can show each example with its own user's profile (the default),
// another user's, or none. "Another user's" is a derangement of the run's users, deterministic by
// the run's seed: users are shuffled, and each takes the profile of the next user in the shuffled
// cycle, so no user ever sees their own profile. A user is the example's user_id when the dataset
// has one, else the profile itself (LaMP examples of one user repeat an identical profile).
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { UserInputError } from "../errors";
import { mulberry32 } from "../metrics/stats/random";
import type { RunExample, RunExampleRef } from "./runExamples";

export const PROFILE_SOURCES = ["own", "other", "none"] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

const PAGE = 512;

/** Fisher-Yates with a seeded generator: the same seed, the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * For profileSource "other": the example row whose profile each example of the run is shown
 * (keyed by example row id). Reads the run's profiles a page at a time, keeping only a digest.
 */
export async function profileDonors(db: Db, refs: readonly RunExampleRef[], seed: number): Promise<Map<string, string>> {
  const userOf = new Map<string, string>();
  for (let from = 0; from < refs.length; from += PAGE) {
    const ids = refs.slice(from, from + PAGE).map((r) => r.id);
    const rows = await db.example.findMany({ where: { id: { in: ids } }, select: { id: true, userId: true, profileJson: true } });
    for (const row of rows) userOf.set(row.id, row.userId !== null ? `user:${row.userId}` : `profile:${createHash("sha256").update(row.profileJson).digest("hex")}`);
  }
  const firstExampleOf = new Map<string, string>();
  for (const ref of refs) {
    const user = userOf.get(ref.id)!;
    if (!firstExampleOf.has(user)) firstExampleOf.set(user, ref.id);
  }
  const users = [...firstExampleOf.keys()];
  if (users.length < 2) {
    throw new UserInputError(
      `Profile source "other" shows each example another user's profile, but the run's ${refs.length} example(s) all belong to one user. Use more examples or another dataset.`,
    );
  }
  const cycle = shuffled(users, seed);
  const donorUser = new Map(cycle.map((user, i) => [user, cycle[(i + 1) % cycle.length]!]));
  return new Map(refs.map((ref) => [ref.id, firstExampleOf.get(donorUser.get(userOf.get(ref.id)!)!)!]));
}

/** The examples as a run with this profile source shows them (donors' profiles read in one query). */
export async function withProfileSource(
  db: Db,
  examples: RunExample[],
  source: ProfileSource,
  donors: ReadonlyMap<string, string> | null,
): Promise<RunExample[]> {
  if (source === "own") return examples;
  if (source === "none") return examples.map((e) => ({ ...e, profileJson: "[]" }));
  if (!donors) throw new Error('Profile source "other" needs the donor assignment (profileDonors).');
  const donorIds = [...new Set(examples.map((e) => donors.get(e.id)!))];
  const rows = await db.example.findMany({ where: { id: { in: donorIds } }, select: { id: true, profileJson: true } });
  const profileOf = new Map(rows.map((r) => [r.id, r.profileJson]));
  return examples.map((e) => {
    const profileJson = profileOf.get(donors.get(e.id)!);
    if (profileJson === undefined) throw new Error(`Example ${e.exampleId}: the example whose profile it is shown is no longer in the dataset.`);
    return { ...e, profileJson };
  });
}
