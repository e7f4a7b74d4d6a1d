"use client";

import Link from "next/link";
import { useCan } from "@/components/auth/AccessProvider";
import { SharePanel } from "@/components/sharing/SharePanel";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { ChartCard } from "@/components/charts/ChartCard";
import { ExperimentChart } from "@/components/charts/ExperimentChart";
import { prepareContrastBars, prepareExperimentChart } from "@/server/experiments/experimentChart";
import { formatCount, formatItemMetric, formatMetric, formatPercent } from "@/components/charts/formatValue";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { itemMetricLabel } from "@/server/metrics/metricCatalog";

const CHART_DEFINITION =
  "The mean of the per-example metric of each cell (repetitions averaged), with a 95% percentile-bootstrap interval over the examples (over the repetitions' means when a cell is repeated).";
const CONTRAST_DEFINITION =
  "Each value of a factor against the factor's first value, all other factors (and the repetition) held fixed: the mean per-example difference over the examples both runs finished, with a 95% paired bootstrap interval. An interval that excludes 0 is a difference the data support.";

function interval(metric: string | null, ci: { estimate: number; lower: number; upper: number } | null, signed = false): string {
  if (!ci || !metric) return "–";
  const f = (v: number) => formatItemMetric(metric, v);
  return `${signed && ci.estimate > 0 ? "+" : ""}${f(ci.estimate)} [${f(ci.lower)}, ${f(ci.upper)}]`;
}

/** One experiment: progress, the metric by factor with intervals, every cell, and the contrasts. */
export function ExperimentView({ experimentId, shareToken }: { experimentId: string; shareToken?: string }) {
  const trpc = useTRPC();
  const canAct = useCan("editor");
  const shared = shareToken !== undefined;
  const report = (format: string) => `/api/experiments/${experimentId}/report?format=${format}${shared ? `&share=${encodeURIComponent(shareToken)}` : ""}`;
  const queryClient = useQueryClient();
  const experiment = useQuery({
    ...trpc.experiments.get.queryOptions({ id: experimentId }),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 2000 : false),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.experiments.get.queryKey({ id: experimentId }) });
  const cancel = useMutation(trpc.experiments.cancel.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.experiments.resume.mutationOptions({ onSuccess: refresh }));
  const router = useRouter();
  const remove = useMutation(
    trpc.experiments.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries();
        router.push("/experiments");
      },
    }),
  );
  const definitions = useQuery({ ...trpc.failureModes.definitions.queryOptions({}), staleTime: Infinity });
  const [measure, setMeasure] = useState("metric");

  if (experiment.isPending) return <p className="muted">Loading experiment…</p>;
  if (experiment.isError) return <p className="error">Could not load the experiment: {experiment.error.message}</p>;
  const e = experiment.data;
  const metricLabel = e.metric ? itemMetricLabel(e.metric) : "metric";
  const chart = prepareExperimentChart(e.spec.factors, e.pooled, measure);
  const aggregateKeys = Object.keys(e.pooled[0]?.aggregates ?? {});
  const titleOf = (key: string) => definitions.data?.find((d) => d.key === key)?.title ?? key;
  const measureTitle = measure === "metric" ? metricLabel : titleOf(measure);
  const contrastBars = prepareContrastBars(e.spec.factors, e.contrasts);
  const finished = e.progress.done + e.progress.failed;
  const canResume = e.status !== "running" && e.status !== "completed";

  return (
    <div className="run-view" data-testid="experiment-view">
      <section className="card run-header">
        <div className="card-head">
          <div>
            {shared ? null : (
              <div className="small muted">
                <Link href="/experiments">Experiments</Link>
              </div>
            )}
            <h1>{e.name}</h1>
          </div>
          <div className="row gap wrap">
            <span className={`status status-${e.status}`} data-testid="experiment-status">
              {e.status}
            </span>
            {shared ? null : <SharePanel kind="experiment" target={experimentId} />}
            {canAct && e.status === "running" ? (
              <button type="button" className="btn small" onClick={() => cancel.mutate({ id: experimentId })} disabled={cancel.isPending}>
                Cancel
              </button>
            ) : null}
            {canAct && e.status !== "running" ? (
              <ConfirmButton
                label="Delete…"
                question={`Delete the experiment and its ${e.cells.length} runs?`}
                confirmLabel="Delete"
                pending={remove.isPending}
                onConfirm={() => remove.mutate({ id: experimentId })}
                testId="experiment-delete"
              />
            ) : null}
            {canAct && canResume ? (
              <button type="button" className="btn small" onClick={() => resume.mutate({ id: experimentId, repin: false })} disabled={resume.isPending}>
                Resume
              </button>
            ) : null}
          </div>
        </div>
        <ProgressBar
          fraction={e.progress.total === 0 ? 0 : finished / e.progress.total}
          failedFraction={e.progress.total === 0 ? 0 : e.progress.failed / e.progress.total}
          label={`${formatCount(finished)} / ${formatCount(e.progress.total)} items`}
        />
        <p className="small muted">
          {formatCount(e.cells.length)} runs · {formatCount(finished)} of {formatCount(e.progress.total)} items
          {e.progress.failed > 0 ? ` (${formatCount(e.progress.failed)} failed)` : ""} · seed {e.spec.seed}
          {e.spec.repetitions > 1 ? ` · ${e.spec.repetitions} repetitions` : ""}
          {e.spec.limit ? ` · first ${e.spec.limit} examples` : ""}
        </p>
        <p className="small" data-testid="experiment-downloads">
          Download: <a href={report("html")}>report (HTML, opens offline)</a> · <a href={report("csv")}>cells (CSV)</a>
          {shared ? null : (
            <>
              {" "}
              · <a href={report("jsonl")}>every item (JSONL)</a> · <a href={report("bundle")}>bundle (for another studio: npm run cli -- import --bundle FILE)</a>
            </>
          )}
        </p>
        {cancel.error || resume.error || remove.error ? <p className="error pre-line">{(cancel.error ?? resume.error ?? remove.error)!.message}</p> : null}
      </section>

      {e.personalizationGaps.length > 0 ? (
        <section className="card" data-testid="personalization-gaps">
          <h2>Personalization gap</h2>
          <p className="muted small">
            {metricLabel} with the user&apos;s own profile minus with another user&apos;s (or none), per shared example: 95% paired bootstrap interval. Near
            0: the profile does not reach the answers.
          </p>
          <div className="stat-tiles">
            {e.personalizationGaps.map((g) => (
              <div key={`${g.datasetId}-${g.versus}-${g.fixed}`} className="stat-tile">
                <div className="stat-title">own − {g.versus === "other" ? "another user's" : "none"}</div>
                <div className="stat-value">{interval(e.metric, g.gap, true)}</div>
                <div className="small muted">
                  {g.fixed || "all cells"} · {formatCount(g.shared)} examples
                </div>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <ChartCard
        testId="experiment-chart"
        title={`${measureTitle} by cell`}
        definition={measure === "metric" ? CHART_DEFINITION : `${definitions.data?.find((d) => d.key === measure)?.definition ?? ""} One value per run (repetitions averaged).`}
        note={measure === "metric" && e.lowerIsBetter ? "Lower is better for this metric." : undefined}
        actions={
          <select className="compact" value={measure} onChange={(event) => setMeasure(event.target.value)} aria-label="Chart measure" data-testid="experiment-measure">
            <option value="metric">{metricLabel}</option>
            {aggregateKeys.map((key) => (
              <option key={key} value={key}>
                {titleOf(key)}
              </option>
            ))}
          </select>
        }
      >
        {e.pooled.some((c) => c.metric) ? <ExperimentChart chart={chart} metricLabel={measureTitle} /> : <p className="muted small">No cell has scored items yet.</p>}
      </ChartCard>

      {contrastBars ? (
        <ChartCard
          testId="experiment-contrast-chart"
          title={`${metricLabel}: each ${contrastBars.factor} against ${contrastBars.reference}`}
          definition={CONTRAST_DEFINITION}
          note={e.lowerIsBetter ? "Lower is better for this metric: a negative difference is an improvement." : undefined}
        >
          <ExperimentChart chart={{ kind: "bars", rows: contrastBars.rows }} metricLabel={`difference in ${metricLabel}`} signed />
        </ChartCard>
      ) : null}

      <section className="card" data-testid="experiment-cells">
        <h2>Cells</h2>
        <div className="table-scroll">
          <table className="table inner">
            <thead>
              <tr>
                <th>Cell</th>
                <th>Status</th>
                <th className="num">{metricLabel} [95% CI]</th>
                <th className="num">Median reasoning tok.</th>
                <th className="num">Invalid raw</th>
                <th className="num">Interventions / item</th>
                <th className="num">Tokens (prompt + completion)</th>
                <th className="num">Items</th>
              </tr>
            </thead>
            <tbody>
              {e.cells.map((c) => (
                <tr key={c.runId} data-testid="experiment-cell">
                  <td>
                    {shared ? c.label : <Link href={`/runs/${c.runId}`}>{c.label}</Link>}
                    {e.spec.datasetIds.length > 1 ? <div className="small muted">{c.datasetName}</div> : null}
                  </td>
                  <td>
                    <span className={`status status-${c.status}`}>{c.status}</span>
                  </td>
                  <td className="num">{interval(e.metric, c.metric)}</td>
                  <td className="num">{c.medianReasoningTokens === null ? "–" : formatCount(c.medianReasoningTokens)}</td>
                  <td className="num">{formatPercent(c.invalidRawRate)}</td>
                  <td className="num">{formatMetric(c.meanInterventions, 2)}</td>
                  <td className="num">{formatCount(c.tokens.prompt + c.tokens.completion)}</td>
                  <td className="num">
                    {formatCount(c.done + c.failed)} / {formatCount(c.total)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" data-testid="experiment-contrasts">
        <h2>Contrasts</h2>
        <p className="muted small">{CONTRAST_DEFINITION}</p>
        {e.contrasts.length === 0 ? (
          <p className="muted">None yet: contrasts need two cells that differ in one factor and share finished examples.</p>
        ) : (
          <div className="table-scroll">
            <table className="table inner">
              <thead>
                <tr>
                  <th>Factor</th>
                  <th>Value vs reference</th>
                  <th>Held fixed</th>
                  <th className="num">Difference [95% CI]</th>
                  <th className="num">Examples</th>
                </tr>
              </thead>
              <tbody>
                {e.contrasts.map((k) => {
                  const better = e.lowerIsBetter ? k.difference.upper < 0 : k.difference.lower > 0;
                  const worse = e.lowerIsBetter ? k.difference.lower > 0 : k.difference.upper < 0;
                  return (
                    <tr key={`${k.runId}-${k.factor}`}>
                      <td>{k.factor}</td>
                      <td>
                        {String(k.value)} vs {String(k.reference)}
                      </td>
                      <td className="small muted">{k.fixed || "–"}</td>
                      <td className={`num ${better ? "delta-good" : worse ? "delta-bad" : ""}`}>{interval(e.metric, k.difference, true)}</td>
                      <td className="num">{formatCount(k.shared)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
