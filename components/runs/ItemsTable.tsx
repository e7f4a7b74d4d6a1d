"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import type { RouterInputs } from "@/components/providers/apiTypes";
import { formatCount, formatItemMetric, formatMetric } from "@/components/charts/formatValue";
import { defaultItemMetric, itemMetricLabel } from "@/server/metrics/metricCatalog";
import { misalignmentLabel } from "@/components/charts/prepareMisalignment";

const PAGE_SIZE = 25;

type ItemFilter = NonNullable<RouterInputs["runs"]["items"]["filter"]>;
const STATUSES: ReadonlyArray<["all" | "done" | "failed", string]> = [
  ["all", "All items"],
  ["done", "Done"],
  ["failed", "Failed"],
];
/** Filters by signal, computed by the server over every item of the run. */
const FILTERS: ReadonlyArray<[ItemFilter | "none", string]> = [
  ["none", "Every item"],
  ["wrong", "Wrong answer"],
  ["switching", "Candidate switches ≥ 2"],
  ["invalid-raw", "Raw answer invalid"],
  ["no-coverage", "Item coverage 0"],
  ["intervened", "RPI intervened"],
];

function ChoiceSelect<T extends string>({
  label,
  testId,
  value,
  options,
  onChange,
}: {
  label: string;
  testId?: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (value: T) => void;
}) {
  return (
    <select className="compact" value={value} onChange={(e) => onChange(e.target.value as T)} aria-label={label} data-testid={testId}>
      {options.map(([option, text]) => (
        <option key={option} value={option}>
          {text}
        </option>
      ))}
    </select>
  );
}

function truncate(text: string | null | undefined, n: number): string {
  if (!text) return "";
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** One row per example, filtered by status or by signal, refreshed while the run is live; click a row to open its trace. */
export function ItemsTable({ runId, onOpen, live }: { runId: string; onOpen: (exampleId: string) => void; live: boolean }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(0);
  const [status, setStatus] = useState<"all" | "done" | "failed">("all");
  const [filter, setFilter] = useState<ItemFilter | "none">("none");
  const items = useQuery({
    ...trpc.runs.items.queryOptions({
      runId,
      status: status === "all" ? undefined : status,
      filter: filter === "none" ? undefined : filter,
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 3000 : false,
  });
  const total = items.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const firstMetrics = items.data?.items.find((i) => Object.keys(i.metrics).length > 0)?.metrics ?? {};
  const metricKey = defaultItemMetric(Object.keys(firstMetrics));

  return (
    <section className="card" data-testid="items-table">
      <div className="card-head">
        <h2>Items</h2>
        <div className="row gap">
          <ChoiceSelect
            label="Status filter"
            value={status}
            options={STATUSES}
            onChange={(next) => {
              setStatus(next);
              setPage(0);
            }}
          />
          <ChoiceSelect
            label="Signal filter"
            testId="signal-filter"
            value={filter}
            options={FILTERS}
            onChange={(next) => {
              setFilter(next);
              setPage(0);
            }}
          />
          <span className="muted small">{total} item{total === 1 ? "" : "s"}</span>
        </div>
      </div>
      {items.isError ? <p className="error">{items.error.message}</p> : null}
      {total === 0 && !items.isPending ? (
        <p className="muted">{filter !== "none" ? "No item matches this filter." : `No items ${status === "all" ? "yet" : `with status ${status}`}.`}</p>
      ) : (
        <table className="table inner">
          <thead>
            <tr>
              <th>Example</th>
              <th>Answer</th>
              <th className="num">{metricKey ? itemMetricLabel(metricKey) : "Metric"}</th>
              <th className="num">Reasoning tok.</th>
              <th className="num">Switches</th>
              <th>Format</th>
              <th>Cache</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {(items.data?.items ?? []).map((i) => {
              const kind = typeof i.signals.misalignmentKind === "string" ? i.signals.misalignmentKind : null;
              return (
                <tr key={i.exampleId} className="clickable" onClick={() => onOpen(i.exampleId)} data-testid="item-row">
                  <td>
                    <button type="button" className="link-btn mono" onClick={() => onOpen(i.exampleId)}>
                      {i.exampleId}
                    </button>
                    {i.status !== "done" ? <span className="status status-failed small-status">{i.status}</span> : null}
                  </td>
                  <td className="answer-cell" title={i.answer ?? ""}>
                    {truncate(i.answer, 90) || <span className="muted">–</span>}
                  </td>
                  <td className="num">{metricKey ? formatItemMetric(metricKey, i.metrics[metricKey] ?? null) : "–"}</td>
                  <td className="num">{formatCount(i.reasoningTokens)}</td>
                  <td className="num">{typeof i.signals.candidateSwitches === "number"
                      ? Number.isInteger(i.signals.candidateSwitches)
                        ? formatCount(i.signals.candidateSwitches)
                        : formatMetric(i.signals.candidateSwitches, 2)
                      : "–"}</td>
                  <td>{kind ? <span className={kind === "none" ? "tag tag-ok" : "tag tag-warn"}>{misalignmentLabel(kind)}</span> : <span className="muted">–</span>}</td>
                  <td>{i.cacheHit ? <span className="tag">hit</span> : <span className="muted small">miss</span>}</td>
                  <td className="error-cell" title={i.error ?? ""}>
                    {truncate(i.error, 60)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <div className="pager">
          <button type="button" className="btn small" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span className="small muted">
            Page {page + 1} of {pages}
          </span>
          <button type="button" className="btn small" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </div>
      ) : null}
    </section>
  );
}
