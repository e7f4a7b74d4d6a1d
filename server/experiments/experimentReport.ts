// An experiment's report, to share: one self-contained HTML file (the chart as inline SVG, no
// script, nothing fetched when it opens) with the setup, the cells and contrasts with their
// intervals and findings written only from the numbers; plus a CSV of the cells and a JSONL of
// every item.
import type { Db } from "../db/client";
import { itemMetricLabel } from "../metrics/metricCatalog";
import { parseStoredItemMetrics } from "../metrics/storedItemMetrics";
import { jsonObjectSchema, parseJsonAs } from "../safeJson";
import { runConfigSchema } from "../runs/runConfig";
import { redactUrlsIn } from "../urlCredentials";
import { prepareExperimentChart, type ExperimentBarChart, type ExperimentLineChart } from "./experimentChart";
import { summarizeExperiment, type ExperimentSummary } from "./experimentSummary";

const COLORS = ["#3b5bdb", "#f08c00", "#2f9e44", "#ae3ec9", "#e03131", "#1098ad"];

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

function ci(value: { estimate: number; lower: number; upper: number } | null, signed = false): string {
  if (!value) return "–";
  return `${signed && value.estimate > 0 ? "+" : ""}${num(value.estimate)} [${num(value.lower)}, ${num(value.upper)}]`;
}

/** The chart as SVG: lines with 95% bands against the numeric factor, or bars with whiskers. */
export function chartSvg(chart: ExperimentLineChart | ExperimentBarChart, metricLabel: string): string {
  const W = 720;
  const H = 300;
  const left = 52;
  const right = 16;
  const top = 28;
  const bottom = 48;
  const values: number[] =
    chart.kind === "lines"
      ? chart.rows.flatMap((r) => chart.series.flatMap((s) => [r[`${s.key}Band`], r[s.key]].flat().filter((v): v is number => typeof v === "number")))
      : chart.rows.flatMap((r) => (r.estimate === null ? [] : [r.estimate + (r.error?.[1] ?? 0)]));
  const max = Math.max(1e-9, ...values) * 1.05;
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(metricLabel)}">`,
    ...ticks.map((t) => `<line x1="${left}" x2="${W - right}" y1="${y(t)}" y2="${y(t)}" stroke="#e9ecef"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" fill="#6b7079">${num(t, 2)}</text>`),
  ];
  if (chart.kind === "lines") {
    const xs = chart.rows.map((r) => r.x as number);
    const x = (i: number) => left + ((W - left - right) * i) / Math.max(1, xs.length - 1);
    xs.forEach((v, i) => parts.push(`<text x="${x(i)}" y="${H - bottom + 16}" text-anchor="middle" fill="#6b7079">${escapeHtml(String(v))}</text>`));
    parts.push(`<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle" fill="#6b7079">${escapeHtml(chart.xFactor)}</text>`);
    chart.series.forEach((s, k) => {
      const color = COLORS[k % COLORS.length];
      const band = chart.rows.map((r, i) => [i, r[`${s.key}Band`]] as const).filter((p): p is readonly [number, [number, number]] => Array.isArray(p[1]));
      if (band.length > 1) {
        const upper = band.map(([i, b]) => `${x(i)},${y(b[1])}`);
        const lower = [...band].reverse().map(([i, b]) => `${x(i)},${y(b[0])}`);
        parts.push(`<polygon points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
      }
      const points = chart.rows.map((r, i) => [i, r[s.key]] as const).filter((p): p is readonly [number, number] => typeof p[1] === "number");
      parts.push(`<polyline points="${points.map(([i, v]) => `${x(i)},${y(v)}`).join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const [i, v] of points) parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${color}"/>`);
      parts.push(`<rect x="${left + 8 + k * 170}" y="8" width="10" height="10" fill="${color}"/><text x="${left + 22 + k * 170}" y="17">${escapeHtml(s.name)}</text>`);
    });
  } else {
    const n = Math.max(1, chart.rows.length);
    const slot = (W - left - right) / n;
    chart.rows.forEach((r, i) => {
      const cx = left + slot * (i + 0.5);
      parts.push(`<text x="${cx}" y="${H - bottom + 16}" text-anchor="middle" fill="#6b7079">${escapeHtml(r.label)}</text>`);
      if (r.estimate === null) return;
      parts.push(`<rect x="${cx - Math.min(28, slot * 0.35)}" y="${y(r.estimate)}" width="${Math.min(56, slot * 0.7)}" height="${y(0) - y(r.estimate)}" fill="${COLORS[0]}"/>`);
      if (r.error) parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(r.estimate - r.error[0])}" y2="${y(r.estimate + r.error[1])}" stroke="#343a40" stroke-width="1.5"/>`);
    });
  }
  parts.push("</svg>");
  return parts.join("");
}

/** Findings, written only from the contrasts: each difference with its interval, and whether the data support it. */
export function findings(summary: ExperimentSummary): string[] {
  const metric = summary.metric ? itemMetricLabel(summary.metric) : "the metric";
  return summary.contrasts.map((k) => {
    const d = k.difference;
    const supported = d.lower > 0 || d.upper < 0;
    const better = summary.lowerIsBetter ? d.upper < 0 : d.lower > 0;
    const verdict = supported ? (better ? "better" : "worse") : "no difference the data support";
    return `${k.factor}=${String(k.value)} vs ${String(k.reference)}${k.fixed ? ` (${k.fixed})` : ""}: ${ci(d, true)} ${metric} over ${k.shared} examples: ${verdict}.`;
  });
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/u.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per cell: its factor values, the metric with its interval, signals, cost, and its run. */
export function cellsCsv(summary: ExperimentSummary): string {
  const factors = [...new Set(summary.cells.flatMap((c) => Object.keys(c.values)))];
  const header = ["cell", "dataset", ...factors, "repetition", `${summary.metric ?? "metric"}`, "lower_95", "upper_95", "median_reasoning_tokens", "invalid_raw_rate", "interventions_per_item", "prompt_tokens", "completion_tokens", "reasoning_tokens", "done", "failed", "total", "status", "run_id"];
  const rows = summary.cells.map((c) => [
    c.label,
    c.datasetName,
    ...factors.map((f) => c.values[f]),
    c.repetition + 1,
    c.metric?.estimate,
    c.metric?.lower,
    c.metric?.upper,
    c.medianReasoningTokens,
    c.invalidRawRate,
    c.meanInterventions,
    c.tokens.prompt,
    c.tokens.completion,
    c.tokens.reasoning,
    c.done,
    c.failed,
    c.total,
    c.status,
    c.runId,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/** Every item of every cell, one JSON object a line, a run at a time. */
export async function* itemsJsonl(db: Db, summary: ExperimentSummary): AsyncGenerator<string> {
  for (const cell of summary.cells) {
    const items = await db.runItem.findMany({
      where: { runId: cell.runId },
      orderBy: { position: "asc" },
      select: { exampleId: true, status: true, answer: true, rawAnswer: true, metricsJson: true, signalsJson: true, reasoningTokens: true, error: true },
    });
    for (const item of items) {
      const where = `RunItem ${cell.runId}/${item.exampleId}`;
      yield `${JSON.stringify({
        cell: cell.label,
        values: cell.values,
        repetition: cell.repetition,
        runId: cell.runId,
        exampleId: item.exampleId,
        status: item.status,
        answer: item.answer,
        rawAnswer: item.rawAnswer,
        metrics: parseStoredItemMetrics(item.metricsJson, `${where}.metricsJson`),
        reasoningTokens: item.reasoningTokens,
        signals: parseJsonAs(item.signalsJson, jsonObjectSchema, `${where}.signalsJson`),
        // Items stored before errors were redacted may quote an endpoint URL with its credentials.
        error: item.error === null ? null : redactUrlsIn(item.error),
      })}\n`;
    }
  }
}

/** The setup: the pipelines each cell ran, the models it pinned (no key, no credential), the datasets and seeds. */
async function setupOf(db: Db, summary: ExperimentSummary, withAddresses: boolean) {
  const runs = await db.run.findMany({
    where: { experimentId: summary.id },
    select: { id: true, seed: true, configJson: true, pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } } },
  });
  const pipelines = [...new Set(runs.map((r) => `${r.pipelineVersion.pipeline.name} v${r.pipelineVersion.version}`))].sort();
  const models = new Set<string>();
  for (const run of runs) {
    const config = parseJsonAs(run.configJson, runConfigSchema, `Run ${run.id}.configJson`);
    for (const pin of Object.values(config.endpoints?.models ?? {})) models.add(`${pin.name}: ${pin.model}${!withAddresses ? "" : pin.baseUrl ? ` at ${pin.baseUrl}` : pin.modelPath ? " (local GGUF file)" : ""}`);
  }
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  return { pipelines, models: [...models].sort(), seeds };
}

/** `withAddresses: false` (a share link's reader): the models by name, not where they are served. */
export async function experimentReportHtml(db: Db, experimentId: string, codeVersion: string, { withAddresses = true } = {}): Promise<string> {
  const summary = await summarizeExperiment(db, experimentId);
  const setup = await setupOf(db, summary, withAddresses);
  const metricLabel = summary.metric ? itemMetricLabel(summary.metric) : "metric";
  const datasets = [...new Set(summary.cells.map((c) => c.datasetName))];
  const chart = prepareExperimentChart(summary.spec.factors, summary.pooled);
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
  const cellRows = summary.cells
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.label)}</td><td>${escapeHtml(c.datasetName)}</td><td class="n">${ci(c.metric)}</td><td class="n">${num(c.medianReasoningTokens, 0)}</td><td class="n">${num(c.invalidRawRate)}</td><td class="n">${num(c.meanInterventions, 2)}</td><td class="n">${c.tokens.prompt + c.tokens.completion}</td><td class="n">${c.done}/${c.total}</td></tr>`,
    )
    .join("");
  const contrastRows = summary.contrasts
    .map((k) => `<tr><td>${escapeHtml(k.factor)}</td><td>${escapeHtml(`${String(k.value)} vs ${String(k.reference)}`)}</td><td>${escapeHtml(k.fixed || "–")}</td><td class="n">${ci(k.difference, true)}</td><td class="n">${k.shared}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(summary.name)}: experiment report</title>
<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1d1f23}table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 20px}th,td{border-bottom:1px solid #e3e4e8;padding:4px 8px;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}h1{font-size:22px}h2{font-size:16px;margin-top:28px}.muted{color:#6b7079;font-size:13px}svg{max-width:100%;height:auto}</style>
</head><body>
<h1>${escapeHtml(summary.name)}</h1>
<p class="muted">Experiment ${escapeHtml(summary.id)} · ${escapeHtml(summary.status)} · ${summary.cells.length} runs · ${summary.progress.done} of ${summary.progress.total} items done${summary.progress.failed ? `, ${summary.progress.failed} failed` : ""} · report of ${escapeHtml(new Date().toISOString())} by ReaPer Studio ${escapeHtml(codeVersion)}</p>
<h2>Setup</h2>
<p><b>Task</b> ${escapeHtml(summary.task ?? "–")} · <b>Datasets</b> ${escapeHtml(datasets.join(", "))} · <b>Seeds</b> ${escapeHtml(setup.seeds.join(", "))} · <b>Repetitions</b> ${summary.spec.repetitions}${summary.spec.limit ? ` · <b>Examples</b> first ${summary.spec.limit}` : ""}</p>
<p><b>Factors</b></p>${list(summary.spec.factors.map((f) => `${f.kind === "param" ? `${f.node}.${f.param}` : f.kind}: ${f.values.map(String).join(", ")}`))}
<p><b>Pipelines</b></p>${list(setup.pipelines)}
<p><b>Models</b></p>${list(setup.models.length > 0 ? setup.models : ["none (no model call)"])}
<h2>${escapeHtml(metricLabel)} by cell</h2>
<p class="muted">Mean of the per-example metric, 95% percentile-bootstrap interval over the examples (over the repetitions' means when a cell is repeated).${summary.lowerIsBetter ? " Lower is better." : ""}</p>
${chartSvg(chart, metricLabel)}
${
  summary.personalizationGaps.length > 0
    ? `<h2>Personalization gap</h2><p class="muted">${escapeHtml(metricLabel)} with the own profile minus with another user's (or none), per shared example, 95% paired bootstrap interval.</p>${list(
        summary.personalizationGaps.map((g) => `own − ${g.versus}${g.fixed ? ` (${g.fixed})` : ""}: ${ci(g.gap, true)} over ${g.shared} examples`),
      )}`
    : ""
}
<h2>Findings</h2>
<p class="muted">Each factor's values against its first value, everything else fixed: mean per-example difference over the examples both runs finished, 95% paired bootstrap interval. Written from the numbers below only.</p>
${summary.contrasts.length > 0 ? list(findings(summary)) : "<p>No contrast yet.</p>"}
<h2>Cells</h2>
<table><thead><tr><th>Cell</th><th>Dataset</th><th>${escapeHtml(metricLabel)} [95% CI]</th><th>Median reasoning tokens</th><th>Invalid raw</th><th>Interventions / item</th><th>Tokens</th><th>Items</th></tr></thead><tbody>${cellRows}</tbody></table>
<h2>Contrasts</h2>
<table><thead><tr><th>Factor</th><th>Value vs reference</th><th>Held fixed</th><th>Difference [95% CI]</th><th>Examples</th></tr></thead><tbody>${contrastRows}</tbody></table>
</body></html>
`;
}
