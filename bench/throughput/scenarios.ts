// One measurement = one child process against the fake endpoint; the figures derived from it.
import fs from "node:fs";
import path from "node:path";
import { closeStudioDb, openStudioDb, runState, type BenchEndpoint, type QueueLocation } from "../studioRun";
import type { BareChildConfig } from "./bareChild";
import { Child, REPO_ROOT } from "./child";
import type { ChildReport, EndpointMode, EndpointStats } from "./shared";
import type { StudioChildConfig } from "./studioChild";

export const ENDPOINT_MAX_CONCURRENCY = 1024;

export type Measurement = {
  who: "studio" | "bare";
  label: string;
  items: number;
  concurrency: number;
  latencyMs: number;
  report: ChildReport;
  endpoint: EndpointStats;
  /** Queue runs: the enqueuing process and each worker. */
  processes?: { name: string; report: ChildReport }[];
  /** Derived. */
  itemsPerSec: number;
  callsPerItem: number;
  /** Model calls on an item's critical path, from what the endpoint saw (see depthOf). */
  depth: number;
  limit: number;
  ofLimit: number;
  cpuMsPerItem: number;
  peakRssMb: number;
  /** Set when the run did not complete (it failed, or stalled and was killed); its figures are left out. */
  failure?: string;
};

/**
 * Sequential model calls per item, from the endpoint's counts: each fresh stream (an RPI candidate,
 * run in parallel with the others) is followed by its continuations, then the plain completions
 * (one per item for rag-k4 and vanilla; the synthesis for ReaPer) come one after another.
 */
export function depthOf(s: EndpointStats, items: number): number {
  const candidatePath = s.requests.stream > 0 ? 1 + s.requests.continuation / s.requests.stream : 0;
  return candidatePath + s.requests.plain / items;
}

export class FakeEndpoint {
  private constructor(
    private readonly child: Child,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeEndpoint> {
    const child = Child.start("fake endpoint", "bench/throughput/fakeEndpoint.ts");
    const { port } = await child.next<{ type: string; port: number }>("listening");
    return new FakeEndpoint(child, `http://127.0.0.1:${port}/v1`);
  }

  async configure(latencyMs: number, mode: EndpointMode): Promise<void> {
    await this.child.request({ type: "configure", latencyMs, mode }, "configured");
  }

  async stats(): Promise<EndpointStats> {
    return (await this.child.request<{ type: string; stats: EndpointStats }>({ type: "stats" }, "stats")).stats;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

let modelCounter = 0;
/** A fresh model name per run: the studio's response cache (on, as by default) never hits across runs. */
export function benchEndpoint(baseUrl: string): BenchEndpoint {
  return { baseUrl, model: `bench-model-${process.pid}-${++modelCounter}`, maxConcurrency: ENDPOINT_MAX_CONCURRENCY };
}

type Base = Omit<Measurement, "itemsPerSec" | "callsPerItem" | "depth" | "limit" | "ofLimit" | "cpuMsPerItem" | "peakRssMb">;

function derive(m: Base, cpuMs: number, peakRssMb: number): Measurement {
  const processed = m.report.done + m.report.failed;
  const itemsPerSec = processed / (m.report.wallMs / 1000);
  const calls = m.endpoint.requests.plain + m.endpoint.requests.stream + m.endpoint.requests.continuation;
  const depth = depthOf(m.endpoint, Math.max(1, processed));
  const limit = m.concurrency / ((m.latencyMs / 1000) * depth);
  return { ...m, itemsPerSec, callsPerItem: calls / Math.max(1, processed), depth, limit, ofLimit: itemsPerSec / limit, cpuMsPerItem: cpuMs / Math.max(1, processed), peakRssMb };
}

/** A run stalls when no request reaches the endpoint for this long (e.g. a database pool deadlock); it is then killed. */
const STALL_MS = 120_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Awaited = { report: ChildReport; runId?: string } | { stalled: string; runId?: string; wallMs: number };

/** The child's report, or a stall: no endpoint request for STALL_MS (the child is then killed). */
async function awaitReport(child: Child, endpoint: FakeEndpoint, also: Child[] = []): Promise<Awaited> {
  const t0 = performance.now();
  let runId: string | undefined;
  child.next<{ type: string; runId: string }>("created").then((m) => (runId = m.runId), () => {});
  const report = child.next<{ type: string; report: ChildReport }>("report").then(
    (m) => ({ ok: true as const, report: m.report }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let seen = -1;
  let changedAt = performance.now();
  for (;;) {
    const r = await Promise.race([report, sleep(10_000).then(() => null)]);
    if (r?.ok) return { report: r.report, runId };
    if (r && !r.ok) throw r.error;
    const s = await endpoint.stats();
    const total = s.requests.plain + s.requests.stream + s.requests.continuation;
    if (total !== seen) {
      seen = total;
      changedAt = performance.now();
    } else if (performance.now() - changedAt > STALL_MS) {
      for (const c of [child, ...also]) c.proc.kill("SIGKILL");
      await Promise.all([child, ...also].map((c) => c.exited));
      return { stalled: `stalled (no request reached the endpoint for ${STALL_MS / 1000} s) and was killed`, runId, wallMs: performance.now() - t0 };
    }
  }
}

/** How a run that did not complete ended, read from the database. */
async function describeFailure(dbUrl: string, runId: string | undefined, items: number, why: string): Promise<{ text: string; done: number; failed: number }> {
  if (!runId) return { text: `${why} before its run was created`, done: 0, failed: 0 };
  const db = openStudioDb(dbUrl);
  try {
    const s = await runState(db, runId);
    return { text: `run ${s.status} after ${s.done} of ${items} items${s.error ? `: ${s.error}` : ""}; ${why}`, done: s.done, failed: s.failed };
  } finally {
    await closeStudioDb(db);
  }
}

async function studioOutcome(spec: StudioLocalSpec, got: Awaited, who: string, endpoint: FakeEndpoint, base: Omit<Base, "report" | "endpoint" | "failure">, processes?: Base["processes"]) {
  const stats = await endpoint.stats();
  if ("stalled" in got) {
    const f = await describeFailure(spec.dbUrl, got.runId, spec.items, `the ${who} ${got.stalled}`);
    console.log(`  ! ${spec.label}: ${f.text}`);
    const report: ChildReport = { items: spec.items, done: f.done, failed: f.failed, wallMs: got.wallMs, cpuMs: NaN, peakRssMb: NaN, rssBeforeMb: NaN, windowUs: [0, 0] };
    return { base: { ...base, report, endpoint: stats, failure: f.text, processes }, report };
  }
  const report = got.report;
  checkReport(spec.label, report);
  let failure: string | undefined;
  if (report.runStatus !== "completed") {
    failure = `run ${report.runStatus} after ${report.done} of ${report.items} items${report.runError ? `: ${report.runError}` : ""}`;
    console.log(`  ! ${spec.label}: ${failure}`);
  }
  return { base: { ...base, report, endpoint: stats, failure, processes }, report };
}

function checkReport(label: string, r: ChildReport): void {
  if (r.failed > 0) console.log(`  ! ${label}: ${r.failed} of ${r.items} items failed; first error: ${r.firstError ?? "?"}`);
}

export type StudioLocalSpec = {
  label: string;
  dbUrl: string;
  datasetId: string;
  template: string;
  items: number;
  concurrency: number;
  latencyMs: number;
  mode: EndpointMode;
  /** Profile the child: --cpu-prof into this directory under this name. */
  cpuProfile?: { dir: string; name: string };
};

export async function measureStudioLocal(endpoint: FakeEndpoint, spec: StudioLocalSpec): Promise<Measurement> {
  await endpoint.configure(spec.latencyMs, spec.mode);
  // No --cpu-prof-name: tsx's loader thread writes a profile too, and Node 20 names them CPU.<date>.<time>.<pid>.<thread>.<seq>;
  // the main thread's (thread 0) is the studio's, picked and renamed below.
  const scratch = spec.cpuProfile ? fs.mkdtempSync(path.join(spec.cpuProfile.dir, "tmp-")) : null;
  const nodeArgs = scratch ? ["--cpu-prof", `--cpu-prof-dir=${scratch}`] : [];
  const child = Child.start(`studio ${spec.label}`, "bench/throughput/studioChild.ts", nodeArgs);
  const config: StudioChildConfig = {
    role: "local",
    dbUrl: spec.dbUrl,
    datasetId: spec.datasetId,
    template: spec.template,
    items: spec.items,
    concurrency: spec.concurrency,
    endpoint: benchEndpoint(endpoint.baseUrl),
    warmTokenizer: spec.mode === "reasoning",
  };
  child.send({ type: "start", config });
  const got = await awaitReport(child, endpoint);
  await child.exited;
  const base = { who: "studio" as const, label: spec.label, items: spec.items, concurrency: spec.concurrency, latencyMs: spec.latencyMs };
  const { base: m, report } = await studioOutcome(spec, got, "studio process", endpoint, base);
  if (scratch && spec.cpuProfile && !m.failure) {
    const main = fs.readdirSync(scratch).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) throw new Error(`no main-thread profile in ${scratch}: ${fs.readdirSync(scratch).join(", ")}`);
    fs.renameSync(path.join(scratch, main), path.join(spec.cpuProfile.dir, spec.cpuProfile.name));
  }
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  return derive(m, report.cpuMs, report.peakRssMb);
}

export type BareSpec = { label: string; items: number; concurrency: number; latencyMs: number; mode: EndpointMode; shape: BareChildConfig["shape"] };

export async function measureBare(endpoint: FakeEndpoint, spec: BareSpec): Promise<Measurement> {
  await endpoint.configure(spec.latencyMs, spec.mode);
  const child = Child.start(`bare ${spec.label}`, "bench/throughput/bareChild.ts");
  const config: BareChildConfig = { baseUrl: endpoint.baseUrl, model: "bare", items: spec.items, concurrency: spec.concurrency, shape: spec.shape };
  const { report } = await child.request<{ type: string; report: ChildReport }>({ type: "start", config }, "report");
  await child.exited;
  checkReport(spec.label, report);
  const stats = await endpoint.stats();
  return derive({ who: "bare", label: spec.label, items: spec.items, concurrency: spec.concurrency, latencyMs: spec.latencyMs, report, endpoint: stats }, report.cpuMs, report.peakRssMb);
}

export type QueueSpec = StudioLocalSpec & { workers: number; perWorker: number; location: QueueLocation };

/** Worker processes first (ready), then an enqueuing process that creates the run and waits for its end. */
export async function measureStudioQueue(endpoint: FakeEndpoint, spec: QueueSpec): Promise<Measurement> {
  await endpoint.configure(spec.latencyMs, spec.mode);
  const bench = benchEndpoint(endpoint.baseUrl);
  const workers = Array.from({ length: spec.workers }, (_, i) => Child.start(`worker ${i + 1}`, "bench/throughput/studioChild.ts"));
  try {
    await Promise.all(
      workers.map((w, i) => {
        const config: StudioChildConfig = { role: "worker", dbUrl: spec.dbUrl, concurrency: spec.perWorker, endpoint: bench, location: spec.location, name: `bench-worker-${i + 1}` };
        return w.request({ type: "start", config }, "ready");
      }),
    );
    for (const w of workers) w.send({ type: "begin" });
    const enqueuer = Child.start(`enqueue ${spec.label}`, "bench/throughput/studioChild.ts");
    const config: StudioChildConfig = {
      role: "enqueue",
      dbUrl: spec.dbUrl,
      datasetId: spec.datasetId,
      template: spec.template,
      items: spec.items,
      concurrency: spec.workers * spec.perWorker,
      endpoint: bench,
      location: spec.location,
      warmTokenizer: false,
    };
    enqueuer.send({ type: "start", config });
    const got = await awaitReport(enqueuer, endpoint, workers);
    await enqueuer.exited;
    const base = { who: "studio" as const, label: spec.label, items: spec.items, concurrency: spec.workers * spec.perWorker, latencyMs: spec.latencyMs };
    if ("stalled" in got) return derive((await studioOutcome(spec, got, "enqueuing process", endpoint, base)).base, NaN, NaN);
    const workerReports = await Promise.all(workers.map((w) => w.request<{ type: string; report: ChildReport }>({ type: "end" }, "report")));
    await Promise.all(workers.map((w) => w.exited));
    const processes = [{ name: "enqueue + follow", report: got.report }, ...workerReports.map((r, i) => ({ name: `worker ${i + 1}`, report: r.report }))];
    const { base: m } = await studioOutcome(spec, got, "enqueuing process", endpoint, base, processes);
    const cpuMs = processes.reduce((sum, p) => sum + p.report.cpuMs, 0);
    const peak = Math.max(...processes.map((p) => p.report.peakRssMb));
    return derive(m, cpuMs, peak);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

export const PROFILE_DIR = path.join(REPO_ROOT, "bench", "profiles");
