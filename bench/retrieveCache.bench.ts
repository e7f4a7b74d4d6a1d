// The retrieve node's BM25 work for 2,000 examples, with and without the per-run index cache
// (server/retrieval/bm25IndexCache.ts): LaMP's official query and corpus makers, k = 4. Users answer
// several questions each (as in LaMP-2 and LaMP-3), so a run meets the same profile again and again.
//   no cache    : a fresh index per example (what the node did before the cache)
//   cache, hits : one cache for the run, each user's profile indexed once
//   cache, miss : every example a new profile (the cache's own cost: hashing the texts, bookkeeping)
// Profiles are parsed anew for every example, as a run does. Reports CPU ms for all 2,000 and per example.
import fs from "node:fs";
import path from "node:path";
import { makeCorpus, makeQuery, type TaskKey } from "../server/lamp/tasks";
import { Bm25IndexCache } from "../server/retrieval/bm25IndexCache";
import { retrieveSync, type CorpusItem } from "../server/retrieval/retrieve";
import type { ProfileItem } from "../server/pipeline/nodeContext";
import { hasLampReal, lampRealFile, REPO_ROOT } from "../tests/support/sharedData";
import { measure } from "./measure";

const EXAMPLES = 2000;
const K = 4;

type Question = { id: string; input: string; profile: ProfileItem[] };
type Example = { query: string; profileJson: string };

function read(file: string): Question[] {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Question[];
}

function sets(): { label: string; task: TaskKey; questions: Question[] }[] {
  const out: { label: string; task: TaskKey; questions: Question[] }[] = [];
  if (hasLampReal) {
    const lamp1 = ["train", "dev", "test"].flatMap((s) => read(lampRealFile("LaMP_1", `${s}_questions.json`)));
    out.push({ label: "real LaMP-1 (titles + abstracts)", task: "LaMP-1", questions: lamp1 });
    out.push({ label: "real LaMP-7 dev (tweets)", task: "LaMP-7", questions: read(lampRealFile("LaMP_7", "dev_questions.json")) });
  }
  out.push({ label: "sample LaMP-5 (abstracts)", task: "LaMP-5", questions: read(path.join(REPO_ROOT, "samples", "lamp", "LaMP_5", "dev_questions.json")) });
  return out;
}

/** 2,000 examples over `users` distinct profiles, each asked in turn; questions cycle through the file. */
function examplesFor(task: TaskKey, questions: Question[], users: number): Example[] {
  return Array.from({ length: EXAMPLES }, (_, i) => {
    const asked = questions[i % questions.length];
    const user = questions[i % Math.min(users, questions.length)];
    // A distinct profile per user beyond the file's own: tag the items so every text differs.
    const copy = Math.floor((i % users) / questions.length);
    const profile = copy === 0 ? user.profile : user.profile.map((p) => tagged(p, copy));
    return { query: makeQuery(task, asked.input), profileJson: JSON.stringify(profile) };
  });
}

function tagged(item: ProfileItem, copy: number): ProfileItem {
  const out: ProfileItem = { ...item };
  for (const [key, value] of Object.entries(item)) if (key !== "id" && typeof value === "string") out[key] = `${value} u${copy}`;
  return out;
}

function corpusOf(task: TaskKey, profileJson: string): CorpusItem[] {
  const profile = JSON.parse(profileJson) as ProfileItem[];
  const texts = makeCorpus(task, profile);
  return profile.map((item, i) => ({ id: String(item.id), text: texts[i] }));
}

function run(task: TaskKey, examples: Example[], cache: () => Bm25IndexCache | undefined): number {
  const bm25Cache = cache();
  let picked = 0;
  for (const e of examples) picked += retrieveSync({ method: "bm25", k: K, query: e.query, corpus: corpusOf(task, e.profileJson), bm25Cache }).length;
  return picked;
}

export async function main(): Promise<void> {
  console.log(`${EXAMPLES} examples, bm25 k = ${K}, CPU time of this process, median of 5 runs`);
  for (const { label, task, questions } of sets()) {
    const shared = examplesFor(task, questions, Math.min(questions.length, 50));
    const distinct = examplesFor(task, questions, EXAMPLES);
    const users = new Set(shared.map((e) => e.profileJson)).size;
    const items = shared.reduce((n, e) => n + (JSON.parse(e.profileJson) as unknown[]).length, 0) / EXAMPLES;
    const cases: [string, Example[], () => Bm25IndexCache | undefined][] = [
      [`no cache (${users} users)`, shared, () => undefined],
      [`cache, ${users} users`, shared, () => new Bm25IndexCache()],
      ["no cache, 2000 users", distinct, () => undefined],
      ["cache, 2000 users (all misses)", distinct, () => new Bm25IndexCache()],
    ];
    console.log(`\n${label}: ${items.toFixed(1)} profile items per example`);
    for (const [name, examples, cache] of cases) {
      run(task, examples, cache); // warm-up
      const { cpu } = measure(5, () => run(task, examples, cache));
      console.log(`  ${name.padEnd(34)} ${cpu.median.toFixed(1).padStart(8)} ms   ${((cpu.median * 1000) / EXAMPLES).toFixed(1).padStart(7)} µs/example`);
    }
  }
}
