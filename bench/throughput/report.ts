// Renders the throughput benchmark's results as bench/RESULTS.md (figures are always ratios or
// per-item costs measured in one benchmark run; nothing here asserts a time).
import fs from "node:fs";
import type { ProfileSummary } from "./cpuProfile";
import type { Measurement } from "./scenarios";

export type Round = { studio: Measurement; bare: Measurement };
export type Comparison = { key: string; title: string; settings: string; rounds: Round[]; skipped?: string };
export type ProfileResult = { label: string; summary: ProfileSummary; run: Measurement; file: string; settings: string; commit: string };

export type Results = {
  scale: "full" | "quick";
  command: string;
  commit: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpu: string; cores: number; node: string; memGb: number; platform: string };
  load: { start: number[]; end: number[] };
  settings: string[];
  comparisons: Comparison[];
  profile?: ProfileResult;
};

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs: number[]) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");

/** Medians over the rounds whose studio run completed; `failure` when none did. */
export function summarise(c: Comparison) {
  const ok = c.rounds.filter((r) => !r.studio.failure);
  const failure = ok.length === 0 ? c.rounds.find((r) => r.studio.failure)?.studio.failure ?? "no round" : null;
  const studio = ok.map((r) => r.studio);
  const bare = c.rounds.map((r) => r.bare);
  const ratios = ok.map((r) => r.studio.itemsPerSec / r.bare.itemsPerSec);
  return {
    failure,
    failedRounds: c.rounds.length - ok.length,
    ofLimit: median(studio.map((m) => m.ofLimit)),
    ofLimitRange: range(studio.map((m) => m.ofLimit)),
    bareOfLimit: median(bare.map((m) => m.ofLimit)),
    ratio: median(ratios),
    ratioRange: range(ratios),
    cpu: median(studio.map((m) => m.cpuMsPerItem)),
    bareCpu: median(bare.map((m) => m.cpuMsPerItem)),
    rss: Math.max(...studio.map((m) => m.peakRssMb)),
    limit: median(studio.map((m) => m.limit)),
    depth: median(studio.map((m) => m.depth)),
    calls: median(studio.map((m) => m.callsPerItem)),
  };
}

type Target = { figure: string; target: string; measured: string; pass: boolean | null };

function targets(r: Results): Target[] {
  const by = (key: string) => r.comparisons.find((c) => c.key === key && !c.skipped && c.rounds.length > 0);
  const out: Target[] = [];
  const ofLimit = (key: string, figure: string, min: number) => {
    const c = by(key);
    const s = c && summarise(c);
    if (s?.failure) out.push({ figure, target: `≥ ${min.toFixed(2)}`, measured: `run did not complete: ${s.failure}`, pass: false });
    else out.push({ figure, target: `≥ ${min.toFixed(2)}`, measured: s ? `${f(s.ofLimit)} (range ${s.ofLimitRange})` : "not measured", pass: s ? s.ofLimit >= min : null });
  };
  ofLimit("rag-sqlite", "rag-k4, SQLite, C=64, L=200 ms: items/s ÷ limit (median)", 0.85);
  ofLimit("rag-postgres", "rag-k4, PostgreSQL, C=64, L=200 ms: items/s ÷ limit (median)", 0.8);
  ofLimit("rag-bullmq", "rag-k4, 2 BullMQ workers × 32: items/s ÷ limit at total concurrency 64 (median)", 0.8);
  const rag = by("rag-sqlite");
  const sRag = rag && !summarise(rag).failure ? summarise(rag) : null;
  out.push({ figure: "CPU per item, rag-k4 SQLite run (median)", target: "≤ 3 ms", measured: sRag ? `${f(sRag.cpu)} ms` : "not measured", pass: sRag ? sRag.cpu <= 3 : null });
  const big = by("big");
  const sBig = big && !summarise(big).failure ? summarise(big) : null;
  const bigItems = big?.rounds[0].studio.items ?? 20_000;
  out.push({ figure: `CPU per item, ${bigItems.toLocaleString("en")}-item rag-k4 run`, target: "≤ 3 ms", measured: sBig ? `${f(sBig.cpu)} ms` : "not measured", pass: sBig ? sBig.cpu <= 3 : null });
  out.push({
    figure: `Peak RSS, ${bigItems.toLocaleString("en")}-item rag-k4 run${bigItems !== 20000 ? " (target is for 20,000: quick scale)" : ""}`,
    target: "≤ 300 MB",
    measured: sBig ? `${f(sBig.rss, 0)} MB` : "not measured",
    pass: sBig ? sBig.rss <= 300 : null,
  });
  return out;
}

function measurementRow(round: number, m: Measurement): string {
  if (m.failure) return `| ${round} | ${m.who} | did not complete: ${m.failure.replaceAll("|", "\\|")} | | | | ${f(m.endpoint.meanInFlight, 1)} / ${m.endpoint.maxInFlight} | | ${m.report.failed} |`;
  return `| ${round} | ${m.who} | ${f(m.itemsPerSec, 1)} | ${f(m.ofLimit)} | ${f(m.cpuMsPerItem)} | ${f(m.peakRssMb, 0)} | ${f(m.endpoint.meanInFlight, 1)} / ${m.endpoint.maxInFlight} | ${f(m.callsPerItem)} | ${m.report.failed} |`;
}

function comparisonSection(c: Comparison): string {
  const lines = [`### ${c.title}`, "", c.settings, ""];
  if (c.skipped) return [...lines, `Skipped: ${c.skipped}`, ""].join("\n");
  const s = summarise(c);
  if (s.failure) lines.push(`**The studio run did not complete in any round**: ${s.failure}`, "");
  else lines.push(
    `Limit = concurrency ÷ (L × ${f(s.depth)} sequential calls per item) = **${f(s.limit, 1)} items/s**` +
      (s.calls !== 1 ? ` (the endpoint saw ${f(s.calls)} calls per item).` : "."),
    "",
    `- studio items/s ÷ limit: **${f(s.ofLimit)}** (median; range ${s.ofLimitRange}); bare client: ${f(s.bareOfLimit)}`,
    `- studio ÷ bare items/s, same rounds: **${f(s.ratio)}** (median; range ${s.ratioRange})`,
    `- CPU per item: studio ${f(s.cpu)} ms, bare ${f(s.bareCpu)} ms (medians); studio peak RSS ${f(s.rss, 0)} MB` +
      (s.failedRounds > 0 ? ` (${s.failedRounds} round(s) whose studio run did not complete are left out)` : ""),
    "",
  );
  lines.push(
    "| round | process | items/s | ÷ limit | CPU ms/item | peak RSS MB | in flight at endpoint mean / max | calls/item | failed |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  c.rounds.forEach((r, i) => {
    const order = r.studio.report.windowUs[0] < r.bare.report.windowUs[0] ? [r.studio, r.bare] : [r.bare, r.studio];
    for (const m of order) lines.push(measurementRow(i + 1, m));
  });
  const queued = c.rounds.filter((r) => r.studio.processes);
  if (queued.length > 0) {
    lines.push("", "Per process (studio rounds): CPU ms over the run window, peak RSS MB.", "");
    queued.forEach((r, i) => {
      lines.push(`- round ${i + 1}: ${r.studio.processes!.map((p) => `${p.name} ${f(p.report.cpuMs, 0)} ms CPU, ${f(p.report.peakRssMb, 0)} MB`).join("; ")}`);
    });
  }
  lines.push("");
  return lines.join("\n");
}

export function profileSection(p: ProfileResult): string {
  const s = p.summary;
  const lines = [
    `## profile: ${p.label}`,
    "",
    `${p.settings} Commit ${p.commit}. Raw profile: \`${p.file}\` (not committed; open it in Chrome DevTools or speedscope).`,
    `Run: ${f(p.run.itemsPerSec, 1)} items/s (${f(p.run.ofLimit)} of the limit under the profiler), ${f(p.run.cpuMsPerItem)} ms CPU per item.`,
    `Samples in the run window: ${s.samples}${s.windowed ? "" : " (whole process: the window could not be matched)"}; busy ${f(s.busyMs / 1000, 1)} s, idle ${f(s.idleMs / 1000, 1)} s. Self time, grouped by package / file, top ${s.groups.length}:`,
    "",
    "| # | package / file | self ms | share of busy | top functions (self ms) |",
    "|---|---|---|---|---|",
    ...s.groups.map(
      (g, i) =>
        `| ${i + 1} | ${g.group} | ${f(g.selfMs, 0)} | ${(g.share * 100).toFixed(1)}% | ${g.topFunctions.map((t) => `${t.name.replaceAll("|", "\\|")} (${f(t.selfMs, 0)})`).join("; ")} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

/** Sections kept from an existing RESULTS.md: other profile labels and hand-written notes. */
export function keptSections(existing: string, replacingProfileLabel: string | null): { profiles: string[]; notes: string | null } {
  const sections = existing.split(/^(?=## )/m);
  const profiles = sections.filter((s) => s.startsWith("## profile: ") && (replacingProfileLabel === null || !s.startsWith(`## profile: ${replacingProfileLabel}\n`)));
  const notes = sections.find((s) => s.startsWith("## Notes")) ?? null;
  return { profiles: profiles.map((s) => s.trimEnd() + "\n"), notes: notes ? notes.trimEnd() + "\n" : null };
}

export function renderResults(r: Results, kept: { profiles: string[]; notes: string | null }): string {
  const t = targets(r);
  const lines = [
    "# Throughput benchmark",
    "",
    `Written by \`${r.command}\` (bench/throughput.bench.ts), scale **${r.scale}**, commit ${r.commit}, ${r.startedAt} – ${r.finishedAt}.`,
    "",
    "Run it: `npm run bench -- throughput` (full set, about 45 minutes on 2 shared cores), `npm run bench -- throughput --quick`",
    "(500-item runs, 2,000-item big run; writes bench/RESULTS-quick.md instead), `npm run bench -- throughput --profile-only",
    "--profile-label after` (only the profiled rag-k4 run; replaces or adds the \"profile: after\" section below and keeps the",
    "rest). `--rounds N` changes the rounds per comparison. PostgreSQL (`BENCH_POSTGRES_URL`, default",
    "postgresql://postgres@127.0.0.1:5432/postgres) and Redis (`BENCH_REDIS_URL`, default redis://127.0.0.1:6379) are used when they",
    "answer, else their rows say skipped.",
    "",
    "## Machine",
    "",
    `- CPU: ${r.machine.cpu}, ${r.machine.cores} cores; ${r.machine.memGb.toFixed(0)} GB RAM; ${r.machine.platform}; Node ${r.machine.node}`,
    `- load average (1 / 5 / 15 min) at start: ${load(r.load.start)}; at end: ${load(r.load.end)}`,
    "- The machine is shared with other work: compare figures measured in the same run (ratios, interleaved rounds), not absolute times.",
    "",
    "## Settings",
    "",
    ...r.settings.map((s) => `- ${s}`),
    "",
    "## Targets",
    "",
    "| figure | target | measured | result |",
    "|---|---|---|---|",
    ...t.map((x) => `| ${x.figure} | ${x.target} | ${x.measured} | ${x.pass === null ? "n/a" : x.pass ? "pass" : "**fail**"} |`),
    "",
    "## Results",
    "",
    "Each round measures the studio and the bare client in separate child processes, one after the other (the order alternates",
    "between rounds). items/s counts finished items over the wall time of the whole run call (loading the examples, every item,",
    "the final summary). CPU = process.cpuUsage (user + system) over that window ÷ items; peak RSS = the process's maxRSS.",
    "In flight = requests open at the fake endpoint, time-weighted mean over the run and maximum.",
    "",
    ...r.comparisons.map(comparisonSection),
  ];
  const profiles = [...kept.profiles];
  if (r.profile) profiles.unshift(profileSection(r.profile));
  lines.push(...profiles.map((p) => p.trimEnd() + "\n"));
  if (kept.notes) lines.push(kept.notes);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** Replaces (or adds) one profile section in an existing RESULTS.md, keeping everything else. */
export function withProfileSection(existing: string, p: ProfileResult): string {
  const section = profileSection(p).trimEnd() + "\n";
  const parts = existing.split(/^(?=## )/m);
  const at = parts.findIndex((s) => s.startsWith(`## profile: ${p.label}\n`));
  if (at !== -1) parts[at] = section + "\n";
  else {
    const notes = parts.findIndex((s) => s.startsWith("## Notes"));
    parts.splice(notes === -1 ? parts.length : notes, 0, section + "\n");
  }
  return parts.map((s) => s.trimEnd() + "\n").join("\n");
}

export function writeFile(file: string, text: string): void {
  fs.writeFileSync(file, text.endsWith("\n") ? text : text + "\n");
}
