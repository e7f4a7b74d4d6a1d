"use client";

import Link from "next/link";
import { useAccess } from "@/components/auth/AccessProvider";
import { SharePanel } from "@/components/sharing/SharePanel";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatByUnit, formatOfficialMetric } from "@/components/charts/formatValue";
import { prepareRunComparison } from "@/components/charts/prepareRunComparison";
import { PairedComparison } from "./PairedComparison";

/** Runs side by side: official metrics and failure-mode aggregates, with the change from the first run. */
export function RunComparison({ runIds }: { runIds: string[] }) {
  const { shared } = useAccess();
  const trpc = useTRPC();
  const runs = useQueries({ queries: runIds.map((id) => trpc.runs.get.queryOptions({ id })) });
  const definitions = useQuery({ ...trpc.failureModes.definitions.queryOptions({}), staleTime: Infinity });
  if (runIds.length < 2) return <p className="muted">Pick at least two runs on the <Link href="/runs">Runs</Link> page.</p>;
  const failed = runs.find((r) => r.isError);
  if (failed?.error) return <p className="error">{failed.error.message}</p>;
  if (runs.some((r) => r.isPending)) return <p className="muted">Loading runs…</p>;
  const data = runs.map((r) => r.data!);
  const runDefs = (definitions.data ?? []).filter((d) => d.level === "run");
  const info = Object.fromEntries(runDefs.map((d) => [d.key, { title: d.title, direction: d.direction }]));
  const units = new Map(runDefs.map((d) => [d.key, d.unit]));
  const rows = prepareRunComparison(
    data.map((r) => ({ id: r.id, official: r.summary?.official ?? null, failureValues: r.summary?.failureModes?.values ?? null })),
    info,
  );
  const tasks = new Set(data.map((r) => r.dataset.task));
  const fmt = (group: string, key: string, v: number | null) => (group === "official" ? formatOfficialMetric(key, v) : formatByUnit(v, units.get(key) ?? ""));

  return (
    <section className="card" data-testid="run-comparison">
      {shared ? null : <SharePanel kind="comparison" target={runIds.join(",")} />}
      {tasks.size > 1 ? <p className="warning small">These runs are on different tasks; their metrics are not comparable.</p> : null}
      <table className="table inner compare">
        <thead>
          <tr>
            <th />
            {data.map((r) => (
              <th key={r.id}>
                {shared ? r.name || r.id : <Link href={`/runs/${r.id}`}>{r.name || r.id}</Link>}
                <div className="small muted normal-case">
                  {r.pipelineVersion.pipeline.name} v{r.pipelineVersion.version} · {r.dataset.name}
                </div>
                <StatusBadge status={r.status} />
              </th>
            ))}
            <th className="num">Last − first</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.key} className={i > 0 && rows[i - 1]!.group !== row.group ? "group-start" : undefined}>
              <th>
                {row.label}
                <div className="small muted normal-case">{row.group === "official" ? "official metric" : "failure mode"}</div>
              </th>
              {row.values.map((v, j) => (
                <td key={j} className="num">
                  {fmt(row.group, row.key, v)}
                </td>
              ))}
              <td className={`num ${row.delta === null || row.delta === 0 ? "" : (row.lowerIsBetter ? row.delta < 0 : row.delta > 0) ? "delta-good" : "delta-bad"}`}>
                {row.delta === null ? "–" : `${row.delta > 0 ? "+" : ""}${fmt(row.group, row.key, row.delta)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Differences of aggregates over each run&apos;s own items; paired intervals over shared examples follow.</p>
      {tasks.size === 1 ? <PairedComparison runIds={runIds} runNames={Object.fromEntries(data.map((r) => [r.id, r.name || r.id]))} /> : null}
    </section>
  );
}
