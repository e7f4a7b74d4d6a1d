import type { RunSummaryInfo } from "@/components/providers/apiTypes";
import { formatOfficialMetric } from "@/components/charts/formatValue";
import { prepareOfficialComparison } from "@/components/charts/prepareOfficialMetrics";

/** Official LaMP metrics on the extracted answers next to the raw answers. */
export function OfficialMetrics({ summary, status, running }: { summary: RunSummaryInfo | null; status: string; running: boolean }) {
  const rows = prepareOfficialComparison(summary?.official, summary?.officialRaw);
  const lowerIsBetter = rows.filter((r) => r.lowerIsBetter).map((r) => r.label);
  return (
    <section className="card" data-testid="official-metrics">
      <div className="card-head">
        <h2>Official LaMP metrics</h2>
        {summary ? (
          <span className="muted small">
            over {summary.scoredItems} scored item{summary.scoredItems === 1 ? "" : "s"}
            {summary.failedItems > 0 ? ` · ${summary.failedItems} failed, not scored` : ""}
          </span>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="muted">
          {running
            ? "Metrics and failure-mode charts appear when the run has finished."
            : status === "cancelled"
              ? "This run was cancelled before it finished, so it has no summary. Resume it to finish and score it."
              : "No scored items (no finished item with a gold output)."}
        </p>
      ) : (
        <>
          <div className="metric-tiles">
            {rows.map((r) => (
              <div className="metric-tile" key={r.key} data-testid="official-metric">
                <div className="metric-name">{r.label}</div>
                <div className="metric-value">{formatOfficialMetric(r.key, r.extracted)}</div>
                <div className="metric-sub">
                  raw {formatOfficialMetric(r.key, r.raw)}
                  {r.delta !== null && Math.abs(r.delta) > 1e-12 ? (
                    <span className={(r.lowerIsBetter ? r.delta < 0 : r.delta > 0) ? "delta-good" : "delta-bad"}>
                      {" "}
                      ({r.delta > 0 ? "+" : ""}
                      {formatOfficialMetric(r.key, r.delta)} by extraction)
                    </span>
                  ) : null}
                </div>
              </div>
            ))}
          </div>
          <p className="muted small">
            Computed like LaMP&apos;s official <code>eval/evaluation.py</code> on the extracted answers; “raw” scores the model&apos;s answer text before extraction.
            {lowerIsBetter.length > 0 ? ` ${lowerIsBetter.join(" and ")}: lower is better.` : ""}
          </p>
        </>
      )}
    </section>
  );
}
