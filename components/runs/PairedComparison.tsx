"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { formatItemMetric, formatMetric, formatPercent } from "@/components/charts/formatValue";
import { itemMetricLabel } from "@/server/metrics/metricCatalog";
import { preparePairedComparison } from "@/components/charts/preparePairedComparison";

/** Paired bootstrap intervals against the first run, and the examples whose answers changed. */
export function PairedComparison({ runIds, runNames }: { runIds: string[]; runNames: Record<string, string> }) {
  const trpc = useTRPC();
  const compare = useQuery(trpc.runs.compare.queryOptions({ ids: runIds }));
  if (compare.isPending) return <p className="muted">Pairing examples…</p>;
  if (compare.isError) return <p className="error">{compare.error.message}</p>;
  const { paired, differences, differingExamples, sharedExamples, mainMetric } = compare.data;
  const rows = preparePairedComparison(paired);
  const baselineName = runNames[compare.data.baselineRunId] ?? compare.data.baselineRunId;

  return (
    <section className="card" data-testid="paired-comparison">
      <h2>Paired differences against {baselineName}</h2>
      <p className="muted small">
        Per shared example, this run&apos;s metric minus the baseline&apos;s; 95% paired bootstrap interval and a sign-flip p-value.
        {` ${sharedExamples} examples finished in every run.`}
      </p>
      {rows.length === 0 ? (
        <p className="muted">No shared scored examples.</p>
      ) : (
        <table className="table inner">
          <thead>
            <tr>
              <th>Run</th>
              <th>Metric</th>
              <th className="num">Baseline</th>
              <th className="num">Run</th>
              <th className="num">Difference [95% CI]</th>
              <th className="num">p</th>
              <th className="num">Examples</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.runId}-${r.metric}`}>
                <td>{runNames[r.runId] ?? r.runId}</td>
                <td>{r.label}</td>
                <td className="num">{formatItemMetric(r.metric, r.meanBaseline)}</td>
                <td className="num">{formatItemMetric(r.metric, r.meanRun)}</td>
                <td className={`num ${r.verdict === "better" ? "delta-good" : r.verdict === "worse" ? "delta-bad" : ""}`}>
                  {r.estimate > 0 ? "+" : ""}
                  {formatItemMetric(r.metric, r.estimate)} [{formatItemMetric(r.metric, r.lower)}, {formatItemMetric(r.metric, r.upper)}]
                </td>
                <td className="num">{formatMetric(r.pValue, 3)}</td>
                <td className="num">{r.shared}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {compare.data.profileSensitivity.length > 0 ? (
        <div data-testid="profile-sensitivity">
          <h2>Profile sensitivity</h2>
          <p className="muted small">
            Share of shared examples whose answer changed when each example was shown another user&apos;s profile instead of its own (95% bootstrap
            interval). Near 0: the model ignores the profile.
          </p>
          <table className="table inner">
            <tbody>
              {compare.data.profileSensitivity.map((row) => (
                <tr key={row.runId}>
                  <td>{runNames[row.runId] ?? row.runId}</td>
                  <td className="num">
                    {formatPercent(row.share.estimate)} [{formatPercent(row.share.lower)}, {formatPercent(row.share.upper)}]
                  </td>
                  <td className="num">
                    {row.changed} of {row.n} changed
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>Examples with different answers ({differingExamples})</h2>
      {differences.length === 0 ? (
        <p className="muted">Every shared example got the same answer.</p>
      ) : (
        <table className="table inner" data-testid="example-differences">
          <thead>
            <tr>
              <th>Example</th>
              <th>Gold</th>
              {runIds.map((id) => (
                <th key={id}>{runNames[id] ?? id}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr key={d.exampleId}>
                <td>{d.exampleId}</td>
                <td>{d.gold ?? "–"}</td>
                {d.answers.map((a, i) => (
                  <td key={i}>
                    {a ?? <span className="muted">not finished</span>}
                    {mainMetric !== null && d.values[i] !== null ? (
                      <div className="small muted" title={itemMetricLabel(mainMetric)}>
                        {formatItemMetric(mainMetric, d.values[i])}
                      </div>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
