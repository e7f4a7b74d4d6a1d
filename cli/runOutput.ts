import type { RunProgress } from "../server/runs/runEvents";
import type { RunSummary } from "../server/runs/summarizeRun";

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function compact(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

export function progressLine(p: RunProgress, width = 30): string {
  const finished = p.done + p.failed;
  const filled = p.total === 0 ? width : Math.round((finished / p.total) * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const tokens = p.promptTokens + p.completionTokens;
  const eta = p.etaMs === null ? "--" : formatDuration(p.etaMs);
  return `[${bar}] ${finished}/${p.total}  done ${p.done}  failed ${p.failed}  tokens ${compact(tokens)}  ETA ${eta}`;
}

function fmt(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || Number.isNaN(v) ? "-" : v.toFixed(digits);
}

/** The final table: official metrics on extracted vs raw answers, then the failure-mode aggregates. */
export function formatSummaryTable(
  summary: RunSummary,
  run: { promptTokens: number; completionTokens: number; reasoningTokens: number },
): string {
  const lines: string[] = [];
  lines.push(`Task ${summary.task}: ${summary.scoredItems} scored of ${summary.doneItems} done, ${summary.failedItems} failed`);
  if (summary.official) {
    lines.push("", "Official LaMP metric       extracted      raw");
    for (const key of Object.keys(summary.official)) {
      lines.push(`  ${key.padEnd(24)} ${fmt(summary.official[key]).padStart(9)} ${fmt(summary.officialRaw?.[key]).padStart(9)}`);
    }
  } else if (summary.doneItems === 0) {
    lines.push("No finished item to score.");
  } else {
    lines.push("No gold outputs: official metrics need a split with outputs (train or dev).");
  }
  lines.push("", `Tokens: prompt ${compact(run.promptTokens)}, completion ${compact(run.completionTokens)}, reasoning ${compact(run.reasoningTokens)}`);
  const fm = summary.failureModes;
  if (fm) {
    lines.push("", "Failure modes");
    for (const [key, value] of Object.entries(fm.values)) lines.push(`  ${key.padEnd(24)} ${fmt(value as number | null, 3).padStart(9)}`);
    if (fm.interventionRuleCounts.length > 0) {
      lines.push("", "Interventions (injected text, counted by no other signal)   injections    items");
      for (const row of fm.interventionRuleCounts) lines.push(`  ${row.rule.padEnd(24)} ${String(row.count).padStart(9)} ${String(row.items).padStart(8)}`);
    }
  }
  return lines.join("\n");
}
