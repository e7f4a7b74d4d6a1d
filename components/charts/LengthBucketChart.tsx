"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LengthBucketRow } from "./prepareLengthBuckets";
import { formatItemMetric } from "./formatValue";
import { itemMetricLabel } from "@/server/metrics/metricCatalog";
import { AXIS_TICK, CHART_COLORS, metricTick } from "./chartTheme";

/** Mean metric per reasoning-length bucket (bars) with the bucket's item count (line). */
export function LengthBucketChart({ rows, metricKey }: { rows: readonly LengthBucketRow[]; metricKey: string | null }) {
  const metricLabel = metricKey ? itemMetricLabel(metricKey) : "metric";
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={[...rows]} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} label={{ value: "reasoning tokens", position: "insideBottom", offset: -2, fontSize: 11, fill: CHART_COLORS.axis }} height={36} />
        <YAxis niceTicks="snap125" yAxisId="metric" tick={AXIS_TICK} tickFormatter={metricTick} width={44} domain={[0, "auto"]} />
        <YAxis niceTicks="snap125" yAxisId="count" orientation="right" tick={AXIS_TICK} allowDecimals={false} width={32} />
        <Tooltip formatter={(value, name) => (name === metricLabel ? formatItemMetric(metricKey ?? "", typeof value === "number" ? value : null) : String(value))} />
        <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="metric" dataKey="value" name={metricLabel} fill={CHART_COLORS.primary} radius={[3, 3, 0, 0]} maxBarSize={56} isAnimationActive={false} />
        <Line yAxisId="count" dataKey="count" name="items" stroke={CHART_COLORS.secondary} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
