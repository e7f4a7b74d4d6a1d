"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MisalignmentRow } from "./prepareMisalignment";
import { formatPercent } from "./formatValue";
import { AXIS_TICK, CHART_COLORS, percentTick } from "./chartTheme";

/** Share of items per misalignment kind, raw answers next to extracted answers. */
export function MisalignmentChart({ rows, showExtracted }: { rows: readonly MisalignmentRow[]; showExtracted: boolean }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(200, rows.length * 30 + 50)}>
      <BarChart data={[...rows]} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} horizontal={false} />
        <XAxis type="number" niceTicks="snap125" tick={AXIS_TICK} tickFormatter={percentTick} domain={[0, "auto"]} allowDecimals />
        <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={112} />
        <Tooltip formatter={(value) => formatPercent(typeof value === "number" ? value : null)} />
        <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="rawRate" name="raw answer" fill={CHART_COLORS.secondary} radius={[0, 3, 3, 0]} maxBarSize={14} isAnimationActive={false} />
        {showExtracted ? <Bar dataKey="extractedRate" name="extracted answer" fill={CHART_COLORS.primary} radius={[0, 3, 3, 0]} maxBarSize={14} isAnimationActive={false} /> : null}
      </BarChart>
    </ResponsiveContainer>
  );
}
