/**
 * Throughput of studio runs against a fixed-latency fake endpoint, as ratios to what the endpoint
 * allows and to a bare `openai` client pool measured in the same benchmark run (interleaved rounds).
 * Writes bench/RESULTS.md (full scale) or bench/RESULTS-quick.md / RESULTS-partial.md.
 *
 *   npm run bench -- throughput                      full set (2,000-item runs, 20,000-item big run)
 *   npm run bench -- throughput --quick              500-item runs, 2,000-item big run
 *   npm run bench -- throughput --only rag,profile   some scenarios: rag vanilla reaper postgres bullmq big profile
 *   npm run bench -- throughput --profile-only --profile-label after   only the profiled run, into RESULTS.md
 *   --rounds N (rounds per comparison), BENCH_THROUGHPUT_SCALE=quick, BENCH_PROFILE_LABEL=after
 *
 * Processes: this one orchestrates (dataset, imports, PostgreSQL/Redis set-up); the fake endpoint,
 * every studio run, every BullMQ worker and every bare-client pool is a child process of its own.
 * All calls into the studio's run code are in bench/studioRun.ts.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeStudioDb, connectStudioDb, importLampDataset, LAMP2_MOVIE_LABELS, openStudioDb, type QueueLocation } from "./studioRun";
import { cleanupQueue } from "../tests/support/queueFixtures";
import { REPO_ROOT } from "./throughput/child";
import { summariseCpuProfile } from "./throughput/cpuProfile";
import { writeSyntheticLamp2, type SyntheticDataset } from "./throughput/dataset";
import {
  ENDPOINT_MAX_CONCURRENCY,
  FakeEndpoint,
  measureBare,
  measureStudioLocal,
  measureStudioQueue,
  PROFILE_DIR,
  type Measurement,
} from "./throughput/scenarios";
import { keptSections, renderResults, summarise, withProfileSection, writeFile, type Comparison, type ProfileResult, type Results, type Round } from "./throughput/report";

const SCENARIOS = ["rag", "vanilla", "reaper", "postgres", "bullmq", "big", "profile"] as const;
type Scenario = (typeof SCENARIOS)[number];

type Options = {
  scale: "full" | "quick";
  rounds: number;
  only: Set<Scenario>;
  profileOnly: boolean;
  profileLabel: string;
};

const SCALES = {
  full: { items: 2000, users: 200, bigItems: 20_000, bigUsers: 2000 },
  quick: { items: 500, users: 50, bigItems: 2000, bigUsers: 200 },
};
const MAIN = { concurrency: 64, latencyMs: 200 };
const BIG = { concurrency: 128, latencyMs: 20 };
const QUEUE = { workers: 2, perWorker: 32 };

function parseOptions(argv: string[]): Options {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i === -1) return undefined;
    return argv[i].includes("=") ? argv[i].split("=").slice(1).join("=") : argv[i + 1];
  };
  const scale = flag("quick") || process.env.BENCH_THROUGHPUT_SCALE === "quick" ? "quick" : "full";
  const profileOnly = flag("profile-only");
  const onlyRaw = value("only");
  const only = new Set<Scenario>(
    profileOnly ? ["profile"] : onlyRaw ? (onlyRaw.split(",").map((s) => s.trim()) as Scenario[]) : [...SCENARIOS],
  );
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`--only: unknown scenario "${s}" (known: ${SCENARIOS.join(", ")})`);
  const rounds = Number(value("rounds") ?? (scale === "full" ? 3 : 2));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a whole number ≥ 1");
  return { scale, rounds, only, profileOnly, profileLabel: value("profile-label") ?? process.env.BENCH_PROFILE_LABEL ?? "after" };
}

/** The studio code measured: BENCH_COMMIT when the benchmark runs from an exported snapshot (no .git), else git's HEAD. */
function gitCommit(): string {
  if (process.env.BENCH_COMMIT?.trim()) return process.env.BENCH_COMMIT.trim();
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server", "cli", "prisma"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    return dirty ? `${sha} (+ uncommitted changes in server/cli/prisma)` : sha;
  } catch {
    return "unknown";
  }
}

function line(m: Measurement): string {
  if (m.failure) return `  ${m.who.padEnd(6)} ${m.label.padEnd(26)} did not complete: ${m.failure}`;
  return (
    `  ${m.who.padEnd(6)} ${m.label.padEnd(26)} ${m.itemsPerSec.toFixed(1).padStart(7)} items/s = ${m.ofLimit.toFixed(2)} of ${m.limit.toFixed(0)}; ` +
    `${m.cpuMsPerItem.toFixed(2)} ms CPU/item; peak RSS ${m.peakRssMb.toFixed(0)} MB; in flight ${m.endpoint.meanInFlight.toFixed(1)}/${m.endpoint.maxInFlight}; ` +
    `${m.callsPerItem.toFixed(2)} calls/item${m.report.failed ? `; ${m.report.failed} FAILED` : ""}`
  );
}

async function interleave(rounds: number, studio: (round: number) => Promise<Measurement>, bare: (round: number) => Promise<Measurement>): Promise<Round[]> {
  const out: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    let s: Measurement;
    let b: Measurement;
    if (r % 2 === 0) {
      s = await studio(r);
      console.log(line(s));
      b = await bare(r);
      console.log(line(b));
    } else {
      b = await bare(r);
      console.log(line(b));
      s = await studio(r);
      console.log(line(s));
    }
    out.push({ studio: s, bare: b });
    if (s.failure) {
      if (r + 1 < rounds) console.log(`  (the studio run did not complete: the remaining ${rounds - r - 1} round(s) are skipped)`);
      break;
    }
  }
  return out;
}

function tcpAnswers(host: string, port: number, probe?: { send: string; expect: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => {
      if (!probe) return done(true);
      socket.write(probe.send);
    });
    socket.on("data", (d) => done(d.toString().includes(probe!.expect)));
  });
}

async function withTempPostgres<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_throughput_${crypto.randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function importInto(dbUrl: string, name: string, data: SyntheticDataset): Promise<string> {
  const db = openStudioDb(dbUrl);
  try {
    await connectStudioDb(db);
    const t0 = performance.now();
    const { datasetId, examples } = await importLampDataset(db, { name, questionsPath: data.questionsPath, outputsPath: data.outputsPath });
    console.log(`  imported ${name}: ${examples} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return datasetId;
  } finally {
    await closeStudioDb(db);
  }
}

export async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scale = SCALES[options.scale];
  const want = (s: Scenario) => options.only.has(s);
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const commit = gitCommit();
  const openaiVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "openai", "package.json"), "utf8")).version as string;
  console.log(
    `throughput: scale ${options.scale}, ${options.rounds} rounds, scenarios ${[...options.only].join(", ")}; load ${loadStart.map((l) => l.toFixed(2)).join(" ")}`,
  );

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studio-throughput-"));
  const dbUrl = `file:${path.join(tmp, "studio.db")}`;
  let endpoint: FakeEndpoint | null = null;
  const comparisons: Comparison[] = [];
  let profile: ProfileResult | undefined;
  try {
    // Datasets, deterministic, through the studio's importer.
    const small = await writeSyntheticLamp2(path.join(tmp, "lamp-small"), { examples: scale.items, users: scale.users, labels: LAMP2_MOVIE_LABELS, seed: 7 });
    console.log(`  dataset: ${small.examples} questions, ${small.users} users, mean profile ${small.meanProfile.toFixed(0)} items, ${(small.bytes / 2 ** 20).toFixed(0)} MB`);
    const smallId = await importInto(dbUrl, "bench-small", small);
    let big: SyntheticDataset | null = null;
    let bigId: string | null = null;
    if (want("big")) {
      big = await writeSyntheticLamp2(path.join(tmp, "lamp-big"), { examples: scale.bigItems, users: scale.bigUsers, labels: LAMP2_MOVIE_LABELS, seed: 11 });
      console.log(`  big dataset: ${big.examples} questions, ${big.users} users, mean profile ${big.meanProfile.toFixed(0)} items, ${(big.bytes / 2 ** 20).toFixed(0)} MB`);
      bigId = await importInto(dbUrl, "bench-big", big);
      fs.rmSync(path.dirname(big.questionsPath), { recursive: true, force: true });
    }

    endpoint = await FakeEndpoint.start();
    const ep = endpoint;
    const items = scale.items;
    const mainSettings = `${items.toLocaleString("en")} items, concurrency ${MAIN.concurrency}, L = ${MAIN.latencyMs} ms, ${options.rounds} rounds.`;
    const local = (template: string, mode: "plain" | "reasoning", label: string) => (r: number) =>
      measureStudioLocal(ep, { label: `${label} r${r + 1}`, dbUrl, datasetId: smallId, template, items, concurrency: MAIN.concurrency, latencyMs: MAIN.latencyMs, mode });
    const bare = (shape: "single" | "reaper", mode: "plain" | "reasoning", label: string, n = items, c = MAIN.concurrency, latencyMs = MAIN.latencyMs) => (r: number) =>
      measureBare(ep, { label: `${label} r${r + 1}`, items: n, concurrency: c, latencyMs, mode, shape });

    if (want("rag")) {
      console.log("rag-k4 on SQLite");
      comparisons.push({
        key: "rag-sqlite",
        title: "rag-k4 on SQLite, local run",
        settings: `${mainSettings} Short answers (no reasoning).`,
        rounds: await interleave(options.rounds, local("rag-k4", "plain", "rag-k4 sqlite"), bare("single", "plain", "single")),
      });
    }
    if (want("vanilla")) {
      console.log("reasoning-vanilla on SQLite");
      comparisons.push({
        key: "vanilla",
        title: "reasoning-vanilla on SQLite, local run",
        settings: `${mainSettings} Every answer carries a ~300-token reasoning_content trace.`,
        rounds: await interleave(options.rounds, local("reasoning-vanilla", "reasoning", "vanilla sqlite"), bare("single", "reasoning", "single reasoning")),
      });
    }
    if (want("reaper")) {
      console.log("reaper on SQLite");
      comparisons.push({
        key: "reaper",
        title: "reaper (HRT + RPI + SRM) on SQLite, local run",
        settings:
          `${mainSettings} Per item: 3 candidates in parallel, each a streamed trace (16-character deltas) on which RPI's hesitation rule fires once, ` +
          "then a vLLM continuation stream; then one synthesis completion with a trace. The bare client makes the same call graph.",
        rounds: await interleave(options.rounds, local("reaper", "reasoning", "reaper sqlite"), bare("reaper", "reasoning", "reaper-shaped")),
      });
    }
    if (want("postgres")) {
      console.log("rag-k4 on PostgreSQL");
      const adminUrl = process.env.BENCH_POSTGRES_URL?.trim() || process.env.STUDIO_TEST_POSTGRES_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
      const u = new URL(adminUrl);
      const base = { key: "rag-postgres", title: "rag-k4 on PostgreSQL, local run", settings: `${mainSettings} A temporary database on ${u.host}, created and dropped by the benchmark.` };
      if (!(await tcpAnswers(u.hostname, Number(u.port || 5432)))) comparisons.push({ ...base, rounds: [], skipped: `${u.host} does not answer` });
      else {
        await withTempPostgres(adminUrl, async (pgUrl) => {
          const pgId = await importInto(pgUrl, "bench-small", small);
          const studio = (r: number) =>
            measureStudioLocal(ep, { label: `rag-k4 postgres r${r + 1}`, dbUrl: pgUrl, datasetId: pgId, template: "rag-k4", items, concurrency: MAIN.concurrency, latencyMs: MAIN.latencyMs, mode: "plain" });
          comparisons.push({ ...base, rounds: await interleave(options.rounds, studio, bare("single", "plain", "single")) });
        });
      }
    }
    if (want("bullmq")) {
      console.log(`rag-k4 on ${QUEUE.workers} BullMQ workers x ${QUEUE.perWorker}`);
      const redisUrl = process.env.BENCH_REDIS_URL?.trim() || process.env.STUDIO_TEST_REDIS_URL?.trim() || "redis://127.0.0.1:6379";
      const u = new URL(redisUrl);
      const base = {
        key: "rag-bullmq",
        title: `rag-k4 on ${QUEUE.workers} BullMQ workers × ${QUEUE.perWorker}, SQLite`,
        settings:
          `${mainSettings} Redis at ${u.host}; ${QUEUE.workers} worker processes with concurrency ${QUEUE.perWorker} each share the SQLite file; a third process creates ` +
          `the run, enqueues it and waits for its end (its wall time is the run's). CPU per item sums all three processes; peak RSS is the largest. ` +
          `The bare client runs at the total concurrency, ${QUEUE.workers * QUEUE.perWorker}.`,
      };
      if (!(await tcpAnswers(u.hostname, Number(u.port || 6379), { send: "PING\r\n", expect: "PONG" }))) comparisons.push({ ...base, rounds: [], skipped: `${u.host} does not answer` });
      else {
        const studio = async (r: number) => {
          const location: QueueLocation = { redisUrl, queueName: "bench-run-items", prefix: `bench-${process.pid}-${crypto.randomBytes(4).toString("hex")}` };
          try {
            return await measureStudioQueue(ep, {
              label: `rag-k4 bullmq r${r + 1}`,
              dbUrl,
              datasetId: smallId,
              template: "rag-k4",
              items,
              concurrency: QUEUE.workers * QUEUE.perWorker,
              latencyMs: MAIN.latencyMs,
              mode: "plain",
              ...QUEUE,
              location,
            });
          } finally {
            await cleanupQueue(location);
          }
        };
        comparisons.push({ ...base, rounds: await interleave(options.rounds, studio, bare("single", "plain", "single", items, QUEUE.workers * QUEUE.perWorker)) });
      }
    }
    if (want("big") && big && bigId) {
      console.log(`rag-k4, ${big.examples} items, C=${BIG.concurrency}, L=${BIG.latencyMs} ms`);
      const id = bigId;
      const n = big.examples;
      const studio = (r: number) =>
        measureStudioLocal(ep, { label: `rag-k4 ${n} items r${r + 1}`, dbUrl, datasetId: id, template: "rag-k4", items: n, concurrency: BIG.concurrency, latencyMs: BIG.latencyMs, mode: "plain" });
      comparisons.push({
        key: "big",
        title: `rag-k4, ${n.toLocaleString("en")} items, SQLite, local run`,
        settings:
          `${n.toLocaleString("en")} items (${big.users} users, mean profile ${big.meanProfile.toFixed(0)} items, ${(big.bytes / 2 ** 20).toFixed(0)} MB questions file), ` +
          `concurrency ${BIG.concurrency}, L = ${BIG.latencyMs} ms, 1 round: for peak RSS and CPU per item (the limit, ${((BIG.concurrency * 1000) / BIG.latencyMs).toFixed(0)} items/s, is far above what CPU allows).`,
        rounds: await interleave(1, studio, bare("single", "plain", "single", n, BIG.concurrency, BIG.latencyMs)),
      });
    }
    if (want("profile")) {
      console.log(`profile (${options.profileLabel}): rag-k4 on SQLite under --cpu-prof`);
      fs.mkdirSync(PROFILE_DIR, { recursive: true });
      const name = `studio-rag-k4-${options.profileLabel}.cpuprofile`;
      fs.rmSync(path.join(PROFILE_DIR, name), { force: true });
      const run = await measureStudioLocal(ep, {
        label: `rag-k4 profiled`,
        dbUrl,
        datasetId: smallId,
        template: "rag-k4",
        items,
        concurrency: MAIN.concurrency,
        latencyMs: MAIN.latencyMs,
        mode: "plain",
        cpuProfile: { dir: PROFILE_DIR, name },
      });
      console.log(line(run));
      if (run.failure) console.log("  no profile: the profiled run did not complete");
      else {
        const file = path.join(PROFILE_DIR, name);
        const summary = summariseCpuProfile(file, REPO_ROOT, run.report.windowUs);
        profile = {
          label: options.profileLabel,
          summary,
          run,
          file: path.relative(REPO_ROOT, file),
          commit,
          settings: `The rag-k4 run on SQLite (${items.toLocaleString("en")} items, C=${MAIN.concurrency}, L=${MAIN.latencyMs} ms) in a child started with node --cpu-prof, ${new Date().toISOString().slice(0, 16)}Z.`,
        };
        for (const g of summary.groups) console.log(`  ${g.group.padEnd(60)} ${g.selfMs.toFixed(0).padStart(7)} ms ${(g.share * 100).toFixed(1).padStart(5)}%`);
      }
    }
  } finally {
    await endpoint?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const loadEnd = os.loadavg();
  const all = options.only.size === SCENARIOS.length;
  const resultsFile = path.join(REPO_ROOT, "bench", options.scale === "quick" ? "RESULTS-quick.md" : all ? "RESULTS.md" : "RESULTS-partial.md");
  if (options.profileOnly && profile) {
    const target = path.join(REPO_ROOT, "bench", options.scale === "quick" ? "RESULTS-quick.md" : "RESULTS.md");
    const existing = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "# Throughput benchmark\n";
    writeFile(target, withProfileSection(existing, profile));
    console.log(`profile "${profile.label}" written into ${path.relative(REPO_ROOT, target)}`);
    return;
  }
  const results: Results = {
    scale: options.scale,
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    commit,
    startedAt: startedAt.toISOString().slice(0, 16) + "Z",
    finishedAt: new Date().toISOString().slice(0, 16) + "Z",
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, memGb: os.totalmem() / 2 ** 30, platform: `${os.type()} ${os.release()}` },
    load: { start: loadStart, end: loadEnd },
    settings: [
      `Dataset: synthetic LaMP-2 (movie tagging) written by bench/throughput/dataset.ts (deterministic): ${scale.items.toLocaleString("en")} questions from ${scale.users} users ` +
        `(users repeat, about ${scale.items / scale.users} questions each with an identical profile), 50–150 profile items per user; the big run's dataset has ` +
        `${scale.bigItems.toLocaleString("en")} questions from ${scale.bigUsers} users. Imported with the studio's importer into a temporary SQLite file (and a temporary PostgreSQL database).`,
      "Endpoint: a fake OpenAI-compatible server (bench/throughput/fakeEndpoint.ts) in a child process of its own, answering every chat completion exactly L ms after " +
        "the request body arrived: a short LaMP-2 label; for reasoning-vanilla and ReaPer's synthesis a ~300-token reasoning_content trace first; streams in 16-character deltas. " +
        "It counts requests by kind and the requests in flight.",
      `Endpoint configuration: **maxConcurrency set explicitly to ${ENDPOINT_MAX_CONCURRENCY}** (the default is 4, server/llm/endpointConfig.ts, which would cap requests far ` +
        "below the run's concurrency); continuation vllm; maxRetries 0 (a failure shows as a failed item).",
      "Run configuration: as `cli run` creates it, with the response cache on (the default) and a fresh model name per run, so the cache never hits: each run makes all its " +
        "calls and writes each response to the cache table, as a first run does. For reasoning-vanilla and ReaPer the o200k tokenizer is loaded before the measured window (a studio that has run such a template holds it); rag-k4 never loads it.",
      `Bare client: the openai npm client ${openaiVersion} (the studio's own dependency), maxRetries 0, a pool of C async workers, same items and concurrency, synthetic prompts of ` +
        "about LaMP's 256-token size; for ReaPer the same call graph (3 × (stream + continuation stream) in parallel, then one completion).",
      "Limit: concurrency ÷ (L × sequential model calls per item). Sequential calls are counted from what the endpoint saw: 1 for rag-k4 and reasoning-vanilla; for ReaPer " +
        "1 + continuations/fresh streams (the candidates run in parallel) + plain completions per item.",
      `Rounds: ${options.rounds} per comparison (1 for the big run); studio and bare alternate, the first of each round alternating. Each run is a fresh child process.`,
    ],
    comparisons,
    profile,
  };
  const existing = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8") : "";
  writeFile(resultsFile, renderResults(results, keptSections(existing, profile?.label ?? null)));
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  fs.writeFileSync(path.join(PROFILE_DIR, "throughput-results.json"), JSON.stringify(results, null, 1));
  console.log(`\nwritten ${path.relative(REPO_ROOT, resultsFile)}`);
  for (const c of comparisons) {
    if (c.skipped) console.log(`  ${c.title}: skipped (${c.skipped})`);
    else {
      const s = summarise(c);
      if (s.failure) console.log(`  ${c.title}: the studio run did not complete: ${s.failure}`);
      else console.log(`  ${c.title}: ${s.ofLimit.toFixed(2)} of limit, studio/bare ${s.ratio.toFixed(2)} [${s.ratioRange}], ${s.cpu.toFixed(2)} ms CPU/item, peak RSS ${s.rss.toFixed(0)} MB`);
    }
  }
}
