// One measurement = one child process against the fake endpoint; the figures derived from it.
import fs from "node:fs";
import path from "node:path";
import type { BenchEndpoint, QueueLocation } from "../studioRun";
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

function derive(m: Omit<Measurement, "itemsPerSec" | "callsPerItem" | "depth" | "limit" | "ofLimit" | "cpuMsPerItem" | "peakRssMb">, cpuMs: number, peakRssMb: number): Measurement {
  const processed = m.report.done + m.report.failed;
  const itemsPerSec = processed / (m.report.wallMs / 1000);
  const calls = m.endpoint.requests.plain + m.endpoint.requests.stream + m.endpoint.requests.continuation;
  const depth = depthOf(m.endpoint, m.items);
  const limit = m.concurrency / ((m.latencyMs / 1000) * depth);
  return { ...m, itemsPerSec, callsPerItem: calls / m.items, depth, limit, ofLimit: itemsPerSec / limit, cpuMsPerItem: cpuMs / m.items, peakRssMb };
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
  const { report } = await child.request<{ type: string; report: ChildReport }>({ type: "start", config }, "report");
  await child.exited;
  checkReport(spec.label, report);
  if (scratch && spec.cpuProfile) {
    const main = fs.readdirSync(scratch).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) throw new Error(`no main-thread profile in ${scratch}: ${fs.readdirSync(scratch).join(", ")}`);
    fs.renameSync(path.join(scratch, main), path.join(spec.cpuProfile.dir, spec.cpuProfile.name));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const stats = await endpoint.stats();
  return derive({ who: "studio", label: spec.label, items: spec.items, concurrency: spec.concurrency, latencyMs: spec.latencyMs, report, endpoint: stats }, report.cpuMs, report.peakRssMb);
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
    const { report } = await enqueuer.request<{ type: string; report: ChildReport }>({ type: "start", config }, "report");
    await enqueuer.exited;
    checkReport(spec.label, report);
    const workerReports = await Promise.all(workers.map((w) => w.request<{ type: string; report: ChildReport }>({ type: "end" }, "report")));
    await Promise.all(workers.map((w) => w.exited));
    const stats = await endpoint.stats();
    const processes = [{ name: "enqueue + follow", report }, ...workerReports.map((r, i) => ({ name: `worker ${i + 1}`, report: r.report }))];
    const cpuMs = processes.reduce((s, p) => s + p.report.cpuMs, 0);
    const peak = Math.max(...processes.map((p) => p.report.peakRssMb));
    return derive(
      { who: "studio", label: spec.label, items: spec.items, concurrency: spec.workers * spec.perWorker, latencyMs: spec.latencyMs, report, endpoint: stats, processes },
      cpuMs,
      peak,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

export const PROFILE_DIR = path.join(REPO_ROOT, "bench", "profiles");
