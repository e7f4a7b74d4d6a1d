"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { absoluteTime, relativeTime } from "@/components/ui/time";
import { formatOfficialMetric } from "@/components/charts/formatValue";
import { mainOfficialMetric } from "@/components/charts/prepareOfficialMetrics";
import { prepareRunProgress } from "@/components/charts/prepareRunProgress";

const LIVE = new Set(["queued", "running"]);

/** Every run, newest first; tick two or more to compare them side by side. */
export function RunsTable() {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({}),
    refetchInterval: (q) => (q.state.data?.some((r) => LIVE.has(r.status)) ? 2000 : false),
  });
  const [picked, setPicked] = useState<string[]>([]);

  if (runs.isPending) return <p className="muted">Loading runs…</p>;
  if (runs.isError) return <p className="error">Could not load runs: {runs.error.message}</p>;
  if (runs.data.length === 0) {
    return (
      <p className="muted">
        No runs yet. Open a <Link href="/pipelines">pipeline</Link> and press Run.
      </p>
    );
  }

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <>
      <div className="toolbar">
        <span className="muted small">{picked.length === 0 ? "Tick runs to compare them." : `${picked.length} selected`}</span>
        {picked.length >= 2 ? (
          <Link className="btn primary" href={`/runs/compare?ids=${picked.join(",")}`} data-testid="compare-runs">
            Compare {picked.length} runs
          </Link>
        ) : (
          <button type="button" className="btn" disabled>
            Compare
          </button>
        )}
        {picked.length > 0 ? (
          <button type="button" className="btn ghost" onClick={() => setPicked([])}>
            Clear
          </button>
        ) : null}
      </div>
      <table className="table" data-testid="runs-table">
        <thead>
          <tr>
            <th aria-label="Compare" />
            <th>Run</th>
            <th>Pipeline</th>
            <th>Dataset</th>
            <th>Status</th>
            <th>Progress</th>
            <th className="num">Main metric</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((r) => {
            const progress = prepareRunProgress(r);
            const metric = mainOfficialMetric(r.dataset.task, r.official);
            return (
              <tr key={r.id} data-testid="run-row">
                <td>
                  <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Compare ${r.name}`} />
                </td>
                <td>
                  <Link href={`/runs/${r.id}`} className="strong-link">
                    {r.name || r.id}
                  </Link>
                </td>
                <td>
                  <Link href={`/pipelines/${r.pipelineVersion.pipeline.id}?version=${r.pipelineVersion.id}`}>{r.pipelineVersion.pipeline.name}</Link>{" "}
                  <span className="muted">v{r.pipelineVersion.version}</span>
                </td>
                <td>
                  {r.dataset.name} <span className="badge">{r.dataset.task}</span>
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="progress-cell">
                  <ProgressBar fraction={progress.fraction} failedFraction={progress.total > 0 ? progress.failed / progress.total : 0} />
                  <span className="small muted">{progress.label}</span>
                </td>
                <td className="num">
                  {metric ? (
                    <>
                      <span className="muted small">{metric.label}</span> <strong>{formatOfficialMetric(metric.key, metric.value)}</strong>
                    </>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td title={absoluteTime(r.createdAt)}>{relativeTime(r.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
