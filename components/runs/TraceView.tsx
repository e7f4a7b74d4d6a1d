"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { DefinitionInfo } from "@/components/providers/apiTypes";
import { formatByUnit, formatCount, formatItemMetric, formatMetric } from "@/components/charts/formatValue";
import { itemMetricLabel } from "@/server/metrics/metricCatalog";
import { misalignmentLabel } from "@/components/charts/prepareMisalignment";
import { ReasoningTrace } from "./ReasoningTrace";

/** Signals shown in their own sections of the trace (the table below lists the rest). */
const SHOWN_APART = new Set(["itemUsage", "usedItemIds", "candidateSignals", "synthesisSignals", "reasoningTokensByCall"]);

type ItemUsage = { itemId: string; position: number; overlap: number | null; sharedWords: string[]; explicitlyReferenced: boolean; usedBy: number };

function itemUsageOf(signals: Record<string, unknown>): Map<string, ItemUsage> {
  const list = Array.isArray(signals.itemUsage) ? (signals.itemUsage as ItemUsage[]) : [];
  return new Map(list.map((u) => [u.itemId, u]));
}

/** Why an item counts as used or not, in words. */
function usageReason(u: ItemUsage | undefined, threads: number): string {
  if (!u) return "not shown to the model";
  const words = u.overlap === null ? "no distinctive words" : `${Math.round(u.overlap * 100)}% of its distinctive words${u.sharedWords.length > 0 ? ` (${u.sharedWords.join(", ")})` : ""}`;
  const by = threads > 1 ? ` · used by ${u.usedBy} of ${threads} candidates` : "";
  return `${u.explicitlyReferenced ? "referenced explicitly · " : ""}${words}${by}`;
}

const MAX_JSON_CHARS = 20_000;

function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? "";
  return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}\n… (${text.length - MAX_JSON_CHARS} more characters)` : text;
}

function signalDisplay(value: unknown, def: DefinitionInfo | undefined): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return def ? formatByUnit(value, def.unit) : formatMetric(value, 3);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(", ") || "none";
  if (typeof value === "string" && def?.key.toLowerCase().includes("misalignment")) return misalignmentLabel(value);
  return String(value);
}

/** Everything about one example: input, retrieved items, reasoning, answers, gold, metrics, signals, node outputs. */
export function TraceView({ runId, exampleId, definitions }: { runId: string; exampleId: string; definitions: readonly DefinitionInfo[] }) {
  const trpc = useTRPC();
  const item = useQuery(trpc.runs.item.queryOptions({ runId, exampleId }));
  if (item.isPending) return <p className="muted">Loading trace…</p>;
  if (item.isError) return <p className="error">{item.error.message}</p>;
  const t = item.data;
  const itemDefs = new Map(definitions.filter((d) => d.level === "item").map((d) => [d.key, d]));
  const used = new Set(Array.isArray(t.signals.usedItemIds) ? (t.signals.usedItemIds as unknown[]).map(String) : []);
  const usage = itemUsageOf(t.signals);
  const reasoningThreads = t.trace.threads.filter((thread) => thread.role !== "synthesis").length;
  const rawKind = typeof t.signals.misalignmentKind === "string" ? t.signals.misalignmentKind : null;
  const extractedKind = typeof t.signals.extractedMisalignmentKind === "string" ? t.signals.extractedMisalignmentKind : null;

  return (
    <div className="trace" data-testid="trace-view">
      <div className="trace-facts small">
        <span className={`status status-${t.status === "done" ? "completed" : "failed"}`}>{t.status}</span>
        <span>
          tokens {formatCount(t.tokens.prompt)} prompt · {formatCount(t.tokens.completion)} completion · {formatCount(t.tokens.reasoning)} reasoning
        </span>
        <span>{t.latencyMs !== null ? `${formatCount(t.latencyMs)} ms` : ""}</span>
        <span>{t.cacheHit ? "cache hit" : "no cache hit"}</span>
        <span>
          {t.attempts} attempt{t.attempts === 1 ? "" : "s"}
        </span>
      </div>
      {t.error ? <p className="error">{t.error}</p> : null}

      <h3>Input</h3>
      <div className="text-block">{t.input}</div>

      <div className="answer-grid">
        <div>
          <h3>Raw answer</h3>
          <div className="text-block">{t.rawAnswer ?? <span className="muted">–</span>}</div>
          {rawKind ? <span className={rawKind === "none" ? "tag tag-ok" : "tag tag-warn"} data-testid="raw-kind">{misalignmentLabel(rawKind)}</span> : null}
        </div>
        <div>
          <h3>Extracted answer</h3>
          <div className="text-block strong">{t.answer ?? <span className="muted">–</span>}</div>
          {extractedKind ? <span className={extractedKind === "none" ? "tag tag-ok" : "tag tag-warn"}>{misalignmentLabel(extractedKind)}</span> : null}
        </div>
        <div>
          <h3>Gold</h3>
          <div className="text-block gold">{t.gold ?? <span className="muted">no gold output</span>}</div>
        </div>
      </div>

      <h3>Metrics</h3>
      {Object.keys(t.metrics).length === 0 ? (
        <p className="muted small">Not scored.</p>
      ) : (
        <table className="kv">
          <tbody>
            {Object.entries(t.metrics).map(([k, v]) => (
              <tr key={k}>
                <th>{itemMetricLabel(k)}</th>
                <td className="num">{formatItemMetric(k, v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Reasoning</h3>
      <ReasoningTrace trace={t.trace} finalAnswer={t.answer} />

      <h3>Retrieved profile items ({t.retrieved.length})</h3>
      {t.retrieved.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <ol className="retrieved">
          {t.retrieved.map((r, i) => {
            const { id, ...rest } = r as { id: string | number } & Record<string, unknown>;
            return (
              <li key={`${String(id)}-${i}`} className={used.has(String(id)) ? "used" : undefined} data-testid="retrieved-item">
                <div className="small muted">
                  id {String(id)}
                  {used.has(String(id)) ? <span className="tag tag-ok">used</span> : <span className="tag">not used</span>}
                  <span className="usage-reason"> {usageReason(usage.get(String(id)), reasoningThreads)}</span>
                </div>
                {Object.entries(rest).map(([k, v]) => (
                  <div key={k} className="retrieved-field">
                    <span className="muted small">{k}</span> {typeof v === "string" ? v : JSON.stringify(v)}
                  </div>
                ))}
              </li>
            );
          })}
        </ol>
      )}

      <h3>Failure-mode signals</h3>
      <table className="kv">
        <tbody>
          {Object.entries(t.signals).filter(([k]) => !SHOWN_APART.has(k)).map(([k, v]) => {
            const def = itemDefs.get(k);
            return (
              <tr key={k}>
                <th title={def?.definition}>{def?.title ?? k}</th>
                <td>{signalDisplay(v, def)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3>Per-node outputs</h3>
      {Object.entries(t.outputs).map(([nodeId, output]) => (
        <details key={nodeId} className="node-output">
          <summary>
            <code>{nodeId}</code>
          </summary>
          <pre>{jsonText(output)}</pre>
        </details>
      ))}
    </div>
  );
}
