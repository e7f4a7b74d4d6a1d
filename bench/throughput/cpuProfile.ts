/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) into self time grouped by package / file:
 * node_modules packages by package name (@prisma/client, better-sqlite3, openai, ...), the
 * studio's files by path (server/llm/llmClient.ts), Node's internals by module, and V8's pseudo
 * frames: GC, (program) = native code and the VM outside JS, (idle) = waiting for I/O.
 * Only samples inside the measured window are counted (profile timestamps are CLOCK_MONOTONIC
 * microseconds, as process.hrtime).
 */
import fs from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileGroup = { group: string; selfMs: number; share: number; topFunctions: { name: string; selfMs: number }[] };
export type ProfileSummary = {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  samples: number;
  windowed: boolean;
  groups: ProfileGroup[];
};

export function groupOf(frame: ProfileNode["callFrame"], repoRoot: string): string {
  const { functionName, url } = frame;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)") return "(program: native / VM)";
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(root)") return "(root)";
  if (!url) return `(V8 builtin / native)`;
  let u = url.startsWith("file://") ? decodeURIComponent(url.slice("file://".length)) : url;
  const nm = u.lastIndexOf("/node_modules/");
  if (nm !== -1) {
    const rest = u.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    return `node_modules/${pkg}`;
  }
  // engineType "client": the Prisma query compiler is the process's only WASM module.
  if (u.startsWith("wasm://")) return "wasm (Prisma query compiler)";
  if (u.startsWith("node:internal/deps/")) return u.split("/").slice(0, 3).join("/"); // node:internal/deps/undici (fetch)
  if (u.startsWith("node:")) {
    // node:internal/streams/readable -> node:internal/streams
    const parts = u.split("/");
    return parts.length > 2 ? parts.slice(0, 2).join("/") : u;
  }
  if (u.startsWith(repoRoot + "/")) u = u.slice(repoRoot.length + 1);
  // The generated Prisma client lives in the repo; name it as such.
  if (u.startsWith("server/db/generated")) return `${u.split("/").slice(0, 3).join("/")}/** (generated Prisma client)`;
  return u;
}

export function summariseCpuProfile(file: string, repoRoot: string, windowUs?: [number, number], top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Sample i happened at startTime + sum(timeDeltas[0..i]); it accounts for the time until the next one.
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  const inWindow = (ts: number) => !windowUs || (ts >= windowUs[0] && ts <= windowUs[1]);
  const windowed = !!windowUs && times.some((ts) => inWindow(ts));
  const selfUs = new Map<number, number>();
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (windowed && !inWindow(times[i])) continue;
    const dt = (i + 1 < times.length ? times[i + 1] : profile.endTime) - times[i];
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, dt));
    samples++;
  }
  const groups = new Map<string, { us: number; fns: Map<string, number> }>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const g = groupOf(node.callFrame, repoRoot);
    const entry = groups.get(g) ?? { us: 0, fns: new Map<string, number>() };
    entry.us += us;
    // Line numbers only where they point into the file as shipped (tsx's transpiled repo files do not).
    const showLine = node.callFrame.url.includes("/node_modules/") || node.callFrame.url.startsWith("node:");
    const fn = `${node.callFrame.functionName || "(anonymous)"}${showLine ? `:${node.callFrame.lineNumber + 1}` : ""}`;
    entry.fns.set(fn, (entry.fns.get(fn) ?? 0) + us);
    groups.set(g, entry);
  }
  const idleUs = groups.get("(idle)")?.us ?? 0;
  const busyUs = totalUs - idleUs;
  const ranked = [...groups.entries()]
    .filter(([g]) => g !== "(idle)" && g !== "(root)")
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, top)
    .map(([group, e]) => ({
      group,
      selfMs: e.us / 1000,
      share: busyUs > 0 ? e.us / busyUs : 0,
      topFunctions: [...e.fns.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, us]) => ({ name, selfMs: us / 1000 })),
    }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, busyMs: busyUs / 1000, samples, windowed, groups: ranked };
}
