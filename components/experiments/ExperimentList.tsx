"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { formatCount } from "@/components/charts/formatValue";

/** Every experiment, newest first, with its status and progress. */
export function ExperimentList() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.experiments.list.queryOptions(), refetchInterval: (q) => (q.state.data?.some((e) => e.status === "running") ? 3000 : false) });
  if (list.isPending) return <p className="muted">Loading experiments…</p>;
  if (list.isError) return <p className="error">{list.error.message}</p>;
  return (
    <section className="card" data-testid="experiment-list">
      <h2>Experiments</h2>
      {list.data.length === 0 ? (
        <p className="muted">No experiment yet: start a study above.</p>
      ) : (
        <div className="table-scroll">
          <table className="table inner">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th className="num">Runs</th>
                <th className="num">Items</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`/experiments/${e.id}`}>{e.name}</Link>
                  </td>
                  <td>
                    <span className={`status status-${e.status}`}>{e.status}</span>
                  </td>
                  <td className="num">{formatCount(e.runs)}</td>
                  <td className="num">
                    {formatCount(e.progress.done + e.progress.failed)} / {formatCount(e.progress.total)}
                  </td>
                  <td className="small muted">{new Date(e.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
