"use client";

import { Area, Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExperimentBarChart, ExperimentLineChart } from "@/server/experiments/experimentChart";
import { AXIS_TICK, CHART_COLORS, metricTick } from "./chartTheme";

const SERIES_COLORS = [CHART_COLORS.primary, CHART_COLORS.secondary, CHART_COLORS.good, "#ae3ec9", "#e03131", "#1098ad"];

/** The experiment's metric: lines with 95% interval bands against a numeric factor, or bars with interval whiskers. */
export function ExperimentChart({
  chart,
  metricLabel,
  signed = false,
}: {
  chart: ExperimentLineChart | ExperimentBarChart;
  metricLabel: string;
  /** Bars of differences: the axis spans negative values, with a line at 0. */
  signed?: boolean;
}) {
  if (chart.kind === "bars") {
    return (
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...chart.rows]} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={{ ...AXIS_TICK, fontSize: 10 }} interval={0} angle={-20} textAnchor="end" height={56} />
          <YAxis niceTicks="snap125" tick={AXIS_TICK} tickFormatter={metricTick} width={44} domain={signed ? ["auto", "auto"] : [0, "auto"]} />
          {signed ? <ReferenceLine y={0} stroke={CHART_COLORS.axis} /> : null}
          <Tooltip />
          <Bar dataKey="estimate" name={metricLabel} fill={CHART_COLORS.primary} maxBarSize={56} isAnimationActive={false}>
            <ErrorBar dataKey="error" width={6} stroke={CHART_COLORS.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    );
  }
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={[...chart.rows]} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="x" tick={AXIS_TICK} label={{ value: chart.xFactor, position: "insideBottom", offset: -2, fontSize: 11, fill: CHART_COLORS.axis }} height={36} />
        <YAxis niceTicks="snap125" tick={AXIS_TICK} tickFormatter={metricTick} width={44} domain={[0, "auto"]} />
        <Tooltip />
        <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
        {chart.series.map((s, i) =>
          !chart.rows.some((r) => Array.isArray(r[`${s.key}Band`])) ? null : (
          <Area
            key={`${s.key}Band`}
            dataKey={`${s.key}Band`}
            name={`${s.name} (95% CI)`}
            legendType="none"
            stroke="none"
            fill={SERIES_COLORS[i % SERIES_COLORS.length]}
            fillOpacity={0.15}
            isAnimationActive={false}
            connectNulls
          />
          ),
        )}
        {chart.series.map((s, i) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={SERIES_COLORS[i % SERIES_COLORS.length]} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
