"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OfficialMetricRow } from "./prepareOfficialMetrics";
import { formatOfficialMetric } from "./formatValue";
import { AXIS_TICK, CHART_COLORS, metricTick } from "./chartTheme";

/** The official metric key of the row a tooltip entry belongs to. */
function rowKey(entry: { payload?: unknown }): string {
  const row = entry.payload;
  return typeof row === "object" && row !== null && "key" in row && typeof row.key === "string" ? row.key : "";
}

/** Each official metric on the raw answers and on the extracted answers. */
export function RawVsExtractedChart({ rows }: { rows: readonly OfficialMetricRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={[...rows]} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} />
        <YAxis niceTicks="snap125" tick={AXIS_TICK} tickFormatter={metricTick} width={44} domain={[0, "auto"]} />
        <Tooltip formatter={(value, _name, entry) => formatOfficialMetric(rowKey(entry), typeof value === "number" ? value : null)} />
        <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="raw" name="raw answer" fill={CHART_COLORS.secondary} radius={[3, 3, 0, 0]} maxBarSize={40} isAnimationActive={false} />
        <Bar dataKey="extracted" name="extracted answer" fill={CHART_COLORS.primary} radius={[3, 3, 0, 0]} maxBarSize={40} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
