"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_COLORS } from "./chartTheme";

/** Items per bin (a per-item share, or a count), as the run summary computed them over every item. */
export function HistogramChart({
  rows,
  color = CHART_COLORS.primary,
  valueName = "items",
}: {
  rows: readonly { label: string; count: number }[];
  color?: string;
  valueName?: string;
}) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={[...rows]} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} barCategoryGap={2}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={{ ...AXIS_TICK, fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={44} />
        <YAxis niceTicks="snap125" tick={AXIS_TICK} allowDecimals={false} width={32} />
        <Tooltip />
        <Bar dataKey="count" name={valueName} fill={color} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
