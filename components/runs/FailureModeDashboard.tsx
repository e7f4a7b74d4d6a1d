"use client";

import { useState } from "react";
import type { DefinitionInfo, FailureModeAggregatesInfo, RunSummaryInfo } from "@/components/providers/apiTypes";
import { ChartCard } from "@/components/charts/ChartCard";
import { HistogramChart } from "@/components/charts/HistogramChart";
import { LengthBucketChart } from "@/components/charts/LengthBucketChart";
import { MisalignmentChart } from "@/components/charts/MisalignmentChart";
import { RawVsExtractedChart } from "@/components/charts/RawVsExtractedChart";
import { CHART_COLORS } from "@/components/charts/chartTheme";
import { prepareLengthBuckets } from "@/components/charts/prepareLengthBuckets";
import { prepareMisalignmentByKind } from "@/components/charts/prepareMisalignment";
import { prepareOfficialComparison } from "@/components/charts/prepareOfficialMetrics";
import { definitionText, prepareStatTiles } from "@/components/charts/prepareStatTiles";
import { defaultItemMetric, itemMetricLabel, itemMetricLowerIsBetter } from "@/server/metrics/metricCatalog";
import { StatTiles } from "./StatTiles";
import { formatCount } from "@/components/charts/formatValue";

const DIVERGENCE_KEYS = ["medianReasoningTokens", "p90ReasoningTokens", "meanHesitationRate", "manySwitchesShare", "meanStageAdherence", "meanOffTrackRatio"];
/** The literature's measures (Wang et al. 2025; Chen et al. 2024), so results compare with published work. */
const THOUGHT_KEYS = ["meanUnderthinking", "meanOutcomeEfficiency", "medianTokensToFirstCorrect"];
const INTERVENTION_KEYS = ["meanInterventions", "meanInjectedTokens", "meanCandidateAgreement"];
const FORMAT_KEYS = ["invalidRawRate", "invalidExtractedRate", "recoveryRate"];
const RETRIEVAL_KEYS = ["meanItemCoverage", "meanAnswerGrounding", "meanProfileMentions"];

const RAW_VS_EXTRACTED_DEFINITION =
  "The official LaMP metric computed twice over the same items: on the raw answers (reasoning removed, before the extract-answer node) and on the extracted answers. The gap is what format misalignment costs, and what extraction wins back.";

/** The three failure modes of the paper, each with numbers, a chart and the definitions behind them. */
export function FailureModeDashboard({
  summary,
  definitions,
}: {
  summary: RunSummaryInfo;
  definitions: readonly DefinitionInfo[];
}) {
  const fm = summary.failureModes;
  if (!fm) {
    return (
      <section className="card">
        <h2>Failure modes</h2>
        <p className="muted">No finished item carries failure-mode signals yet (they come from the pipeline&apos;s score node).</p>
      </section>
    );
  }
  return (
    <section className="dashboard" data-testid="failure-dashboard">
      <h2 className="dashboard-title">
        Failure modes <span className="muted small">over {fm.itemCount} finished item{fm.itemCount === 1 ? "" : "s"}</span>
      </h2>
      <DivergenceSection fm={fm} definitions={definitions} />
      <FormatSection fm={fm} summary={summary} definitions={definitions} />
      <RetrievalSection fm={fm} definitions={definitions} />
    </section>
  );
}

function DivergenceSection({ fm, definitions }: { fm: FailureModeAggregatesInfo; definitions: readonly DefinitionInfo[] }) {
  const metricKeys = fm.metricByReasoningLength.metricKeys;
  const [chosen, setChosen] = useState<string | null>(null);
  const metricKey = chosen && metricKeys.includes(chosen) ? chosen : defaultItemMetric(metricKeys);
  const prepared = prepareLengthBuckets(fm.metricByReasoningLength.buckets, metricKey);
  const tiles = prepareStatTiles(DIVERGENCE_KEYS, fm.values, fm.support, definitions);
  return (
    <div className="card fm-section">
      <div className="fm-head">
        <h3>Divergent thinking</h3>
        <p className="muted small">Does the model reason too long, hesitate and switch answers, and does the metric fall as reasoning grows?</p>
      </div>
      <StatTiles tiles={tiles} />
      <h4 className="fm-subhead">Overthinking and underthinking (as published)</h4>
      <StatTiles tiles={prepareStatTiles(THOUGHT_KEYS, fm.values, fm.support, definitions)} />
      <InterventionsPanel fm={fm} definitions={definitions} />
      <div className="chart-grid">
      <ChartCard
        testId="chart-length-buckets"
        title={`${metricKey ? itemMetricLabel(metricKey) : "Metric"} by reasoning length`}
        definition={definitionText(definitions, "metricByReasoningLength")}
        actions={
          metricKeys.length > 1 ? (
            <select className="compact" value={metricKey ?? ""} onChange={(e) => setChosen(e.target.value)} aria-label="Metric">
              {metricKeys.map((k) => (
                <option key={k} value={k}>
                  {itemMetricLabel(k)}
                </option>
              ))}
            </select>
          ) : null
        }
        note={
          !prepared.hasReasoning
            ? "No item has reasoning tokens (the pipeline shows no reasoning), so every item falls in one bucket."
            : metricKey && itemMetricLowerIsBetter(metricKey)
              ? "Lower is better for this metric."
              : undefined
        }
      >
        <LengthBucketChart rows={prepared.rows} metricKey={metricKey} />
      </ChartCard>
      <ChartCard testId="chart-switches" title="Items by candidate switches" definition={definitionText(definitions, "candidateSwitches")}>
        {fm.histograms.candidateSwitches.some((row) => row.count > 0) ? (
          <HistogramChart rows={fm.histograms.candidateSwitches} color={CHART_COLORS.secondary} />
        ) : (
          <p className="muted small">Candidate switches are defined for classification and rating tasks with visible reasoning.</p>
        )}
      </ChartCard>
      </div>
    </div>
  );
}

/** What RPI and SRM did to the reasoning: injections per rule, injected tokens, candidate agreement. */
function InterventionsPanel({ fm, definitions }: { fm: FailureModeAggregatesInfo; definitions: readonly DefinitionInfo[] }) {
  const anyIntervention = fm.interventionRuleCounts.length > 0;
  const anySrm = fm.support.meanCandidateAgreement > 0;
  if (!anyIntervention && !anySrm) return null;
  return (
    <div data-testid="interventions-panel">
      <h4 className="fm-subhead">Interventions (text the pipeline injected; no other signal counts it)</h4>
      <StatTiles tiles={prepareStatTiles(INTERVENTION_KEYS, fm.values, fm.support, definitions)} />
      {anyIntervention ? (
        <table className="kv small" title={definitionText(definitions, "interventionRuleCounts")}>
          <thead>
            <tr>
              <th>Rule</th>
              <th className="num">Injections</th>
              <th className="num">Items</th>
            </tr>
          </thead>
          <tbody>
            {fm.interventionRuleCounts.map((row) => (
              <tr key={row.rule}>
                <th>{row.rule}</th>
                <td className="num">{formatCount(row.count)}</td>
                <td className="num">{formatCount(row.items)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function FormatSection({ fm, summary, definitions }: { fm: FailureModeAggregatesInfo; summary: RunSummaryInfo; definitions: readonly DefinitionInfo[] }) {
  const tiles = prepareStatTiles(FORMAT_KEYS, fm.values, fm.support, definitions);
  const hasExtraction = (fm.support.invalidExtractedRate ?? 0) > 0;
  const kinds = prepareMisalignmentByKind(fm.rawMisalignmentByKind, hasExtraction ? fm.extractedMisalignmentByKind : null);
  const official = prepareOfficialComparison(summary.official, summary.officialRaw);
  return (
    <div className="card fm-section">
      <div className="fm-head">
        <h3>Response-format misalignment</h3>
        <p className="muted small">Does the answer come in the exact format the task expects, and what does answer extraction recover?</p>
      </div>
      <StatTiles tiles={tiles} />
      <div className="chart-grid">
        <ChartCard
          testId="chart-misalignment"
          title="Invalid answers by kind"
          definition={definitionText(definitions, "rawMisalignmentByKind")}
        >
          {kinds.anyInvalid ? (
            <MisalignmentChart rows={kinds.rows} showExtracted={hasExtraction} />
          ) : (
            <p className="empty-chart">Every answer had the exact format the task expects: no invalid answer of any kind.</p>
          )}
        </ChartCard>
        <ChartCard testId="chart-raw-vs-extracted" title="Official metric: raw vs extracted answers" definition={RAW_VS_EXTRACTED_DEFINITION}>
          {official.length > 0 ? <RawVsExtractedChart rows={official} /> : <p className="muted small">No scored items yet.</p>}
        </ChartCard>
      </div>
      <details className="definition">
        <summary>Misalignment kinds</summary>
        <p>{definitionText(definitions, "misalignmentKind")}</p>
      </details>
    </div>
  );
}

function histogramNote(h: { counted: number; missing: number }, what: string): string | undefined {
  return h.missing > 0 && h.counted > 0 ? `${formatCount(h.missing)} item(s) ${what} are not counted.` : undefined;
}

function RetrievalSection({ fm, definitions }: { fm: FailureModeAggregatesInfo; definitions: readonly DefinitionInfo[] }) {
  const tiles = prepareStatTiles(RETRIEVAL_KEYS, fm.values, fm.support, definitions);
  const { itemCoverage: coverage, answerGrounding: grounding } = fm.histograms;
  return (
    <div className="card fm-section">
      <div className="fm-head">
        <h3>Retrieval utilization</h3>
        <p className="muted small">Are the retrieved profile items actually used in the reasoning and the answer?</p>
      </div>
      <StatTiles tiles={tiles} />
      <div className="chart-grid">
        <ChartCard
          testId="chart-coverage"
          title="Item coverage per item"
          definition={definitionText(definitions, "itemCoverage")}
          note={histogramNote(coverage, "without retrieved items")}
        >
          {coverage.counted > 0 ? <HistogramChart rows={coverage.rows} /> : <p className="muted small">No item has retrieved items.</p>}
        </ChartCard>
        <ChartCard
          testId="chart-grounding"
          title="Answer grounding per item"
          definition={definitionText(definitions, "answerGrounding")}
          note={histogramNote(grounding, "where grounding is not defined")}
        >
          {grounding.counted > 0 ? (
            <HistogramChart rows={grounding.rows} color={CHART_COLORS.good} />
          ) : (
            <p className="muted small">Answer grounding is defined for text-generation tasks (LaMP-4 to 7) with retrieved items only.</p>
          )}
        </ChartCard>
      </div>
    </div>
  );
}
