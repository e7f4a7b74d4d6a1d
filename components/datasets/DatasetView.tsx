"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { useCan } from "@/components/auth/AccessProvider";
import { HistogramChart } from "@/components/charts/HistogramChart";
import { ChartCard } from "@/components/charts/ChartCard";
import { formatCount, formatMetric } from "@/components/charts/formatValue";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { Drawer } from "@/components/ui/Drawer";
import { RenameInline } from "@/components/ui/RenameInline";
import { absoluteTime } from "@/components/ui/time";

const PAGE = 20;

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function ExampleProfile({ datasetId, exampleId }: { datasetId: string; exampleId: string }) {
  const trpc = useTRPC();
  const example = useQuery(trpc.datasets.example.queryOptions({ id: datasetId, exampleId }));
  if (example.isPending) return <p className="muted">Loading the example…</p>;
  if (example.isError) return <p className="error">{example.error.message}</p>;
  const e = example.data;
  return (
    <div className="trace" data-testid="dataset-example">
      <h3>Input</h3>
      <div className="text-block">{e.input}</div>
      <h3>Gold</h3>
      <p>{e.gold ?? <span className="muted">none (no outputs file)</span>}</p>
      <h3>Profile ({formatCount(e.profile.length)} items)</h3>
      <ol className="profile-items">
        {e.profile.map((item, i) => (
          <li key={`${String(item.id)}-${i}`}>
            <span className="badge">id {String(item.id)}</span>
            {Object.entries(item)
              .filter(([k]) => k !== "id")
              .map(([k, v]) => (
                <div key={k} className="small">
                  <strong>{k}</strong> {truncate(String(v), 600)}
                </div>
              ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Rename and delete (editors); delete shows what goes with the dataset and needs a second click. */
function DatasetActions({ datasetId, name }: { datasetId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const plan = useQuery({ ...trpc.datasets.deletionPlan.queryOptions({ id: datasetId }), enabled: confirming });
  const rename = useMutation(
    trpc.datasets.rename.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() }),
    }),
  );
  const remove = useMutation(
    trpc.datasets.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries();
        router.push("/");
      },
    }),
  );
  const error = rename.error ?? remove.error ?? plan.error;
  return (
    <div className="row wrap gap" data-testid="dataset-actions">
      <RenameInline name={name} maxLength={200} pending={rename.isPending} onSave={(next) => rename.mutate({ id: datasetId, name: next })} testId="dataset-rename" />
      {!confirming ? (
        <button type="button" className="btn small danger" onClick={() => setConfirming(true)} data-testid="dataset-delete">
          Delete…
        </button>
      ) : plan.data ? (
        <div className="card confirm-card" data-testid="dataset-delete-confirm">
          <p className="small">
            Deleting <strong>{plan.data.name}</strong> deletes its {formatCount(plan.data.examples)} examples
            {plan.data.runs.length > 0 ? (
              <>
                {" "}
                and {plan.data.runs.length} run(s) with their items: {plan.data.runs.map((r) => r.name || r.id).join(", ")}
              </>
            ) : null}
            {plan.data.experiments.length > 0 ? <> and the experiment(s) {plan.data.experiments.map((e) => e.name).join(", ")}</> : null}. This cannot be undone.
          </p>
          <button
            type="button"
            className="btn small danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ id: datasetId, confirmRunIds: plan.data!.runs.map((r) => r.id) })}
            data-testid="dataset-delete-yes"
          >
            Delete all of it
          </button>{" "}
          <button type="button" className="btn small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <span className="muted small">Listing what goes with it…</span>
      )}
      {error ? <p className="error small">{error.message}</p> : null}
    </div>
  );
}

/** One dataset: its size, profile sizes, golds, examples (each with its profile) and the runs on it. */
export function DatasetView({ datasetId }: { datasetId: string }) {
  const trpc = useTRPC();
  const canEdit = useCan("editor");
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useQuery({ ...trpc.datasets.detail.queryOptions({ id: datasetId, skip: page * PAGE, take: PAGE }), placeholderData: keepPreviousData });
  if (detail.isPending) return <p className="muted">Loading the dataset…</p>;
  if (detail.isError) return <p className="error">Could not load the dataset: {detail.error.message}</p>;
  const d = detail.data;
  const pages = Math.max(1, Math.ceil(d.exampleCount / PAGE));
  const goldRows = d.golds.kind === "text" ? [] : d.golds.counts.map((c) => ({ label: c.value, count: c.count }));

  return (
    <div className="run-view" data-testid="dataset-view">
      <section className="card run-header">
        <div className="muted small">
          <Link href="/">Datasets</Link> /
        </div>
        <h1>{d.name}</h1>
        <div className="run-meta">
          <span>
            <span className="badge">{d.task}</span> {d.taskTitle}
          </span>
          <span>
            split {d.split} ({d.splitKind}-based)
          </span>
          <span>{d.source === "sample" ? "built-in sample" : "imported"}</span>
          <span>added {absoluteTime(d.createdAt)}</span>
        </div>
        {d.description ? <p className="muted small">{d.description}</p> : null}
        <dl className="facts">
          <div>
            <dt>Examples</dt>
            <dd data-testid="dataset-examples">{formatCount(d.exampleCount)}</dd>
          </div>
          <div>
            <dt>With gold</dt>
            <dd>{formatCount(d.goldCount)}</dd>
          </div>
          {d.users > 0 ? (
            <div>
              <dt>Users</dt>
              <dd>{formatCount(d.users)}</dd>
            </div>
          ) : null}
          <div>
            <dt>Profile items per example</dt>
            <dd>
              {formatCount(d.profileSizes.min)} – {formatCount(d.profileSizes.max)} · median {formatMetric(d.profileSizes.median, 1)} · mean{" "}
              {formatMetric(d.profileSizes.mean, 1)}
            </dd>
          </div>
        </dl>
        {canEdit ? <DatasetActions datasetId={datasetId} name={d.name} /> : null}
      </section>

      <div className="chart-grid">
        <ChartCard title="Profile sizes" definition="Examples by the number of items in their user's profile.">
          <HistogramChart rows={d.profileSizes.buckets} valueName="examples" />
        </ChartCard>
        <ChartCard title="Golds" definition={d.golds.kind === "text" ? "Reference texts." : `Examples by gold ${d.golds.kind}.`}>
          {d.golds.kind === "text" ? (
            <p className="small">
              {formatMetric(d.golds.meanWords, 1)} words on average, at most {formatCount(d.golds.maxWords)}
              {d.golds.missing > 0 ? ` · ${formatCount(d.golds.missing)} without a gold` : ""}.
            </p>
          ) : (
            <>
              <HistogramChart rows={goldRows} valueName="examples" />
              {d.golds.missing > 0 ? <p className="small muted">{formatCount(d.golds.missing)} examples without a gold.</p> : null}
            </>
          )}
        </ChartCard>
      </div>

      <section className="card">
        <h2>Examples</h2>
        <div className="table-scroll">
          <table className="table inner">
            <thead>
              <tr>
                <th>Id</th>
                <th>Input</th>
                <th className="num">Profile</th>
                <th>Gold</th>
              </tr>
            </thead>
            <tbody>
              {d.examples.map((e) => (
                <tr key={e.exampleId} className="clickable" onClick={() => setOpen(e.exampleId)} data-testid="dataset-example-row">
                  <td>
                    <code>{e.exampleId}</code>
                  </td>
                  <td>{truncate(e.input, 160)}</td>
                  <td className="num">{formatCount(e.profileSize)}</td>
                  <td>{e.gold === null ? <span className="muted">–</span> : truncate(e.gold, 60)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="row gap small">
          <button type="button" className="btn small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            page {page + 1} of {pages}
          </span>
          <button type="button" className="btn small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      </section>

      <section className="card">
        <h2>Runs on this dataset</h2>
        {d.runs.length === 0 ? (
          <p className="muted small">No run yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table inner">
              <tbody>
                {d.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/runs/${r.id}`}>{r.name || r.id}</Link>
                    </td>
                    <td>{r.pipeline}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="num">
                      {formatCount(r.doneItems)} / {formatCount(r.totalItems)}
                    </td>
                    <td className="small muted">{absoluteTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Drawer open={open !== null} title={open ? `Example ${open}` : ""} onClose={() => setOpen(null)}>
        {open ? <ExampleProfile datasetId={datasetId} exampleId={open} /> : null}
      </Drawer>
    </div>
  );
}
