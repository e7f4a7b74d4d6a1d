"use client";

import Link from "next/link";
import { IfCan } from "@/components/auth/AccessProvider";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";

export function DatasetList() {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());

  if (datasets.isPending) return <p className="muted">Loading datasets…</p>;
  if (datasets.isError) return <p className="error">Could not load datasets: {datasets.error.message}</p>;
  if (datasets.data.length === 0) {
    return <p className="muted">No datasets yet. Import LaMP files with the button above, or <code>npm run cli -- import</code>.</p>;
  }
  return (
    <table className="table" data-testid="dataset-table">
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Task</th>
          <th>Split</th>
          <th className="num">Examples</th>
          <th className="num">With gold</th>
          <th>Source</th>
          <th>Studies</th>
        </tr>
      </thead>
      <tbody>
        {datasets.data.map((d) => (
          <tr key={d.id} data-testid="dataset-row">
            <td>
              <Link href={`/datasets/${d.id}`} data-testid="dataset-link">
                <strong>{d.name}</strong>
              </Link>
              {d.description ? <div className="muted small">{d.description}</div> : null}
            </td>
            <td>
              <span className="badge">{d.task}</span> <span className="small">{d.taskTitle}</span>
            </td>
            <td>
              {d.split} <span className="muted small">({d.splitKind}-based)</span>
            </td>
            <td className="num">{d.exampleCount}</td>
            <td className="num">{d.goldCount}</td>
            <td>{d.source === "sample" ? "built-in sample" : "imported"}</td>
            <td>
              <IfCan role="editor">
                <Link href={`/experiments?dataset=${encodeURIComponent(d.id)}`} data-testid="dataset-study">
                  Start a study
                </Link>
              </IfCan>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
