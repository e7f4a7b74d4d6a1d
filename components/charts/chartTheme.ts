/** Colours and tick styles shared by the dashboard charts. */
export const CHART_COLORS = {
  primary: "#3b5bdb",
  secondary: "#f08c00",
  muted: "#adb5bd",
  good: "#2f9e44",
  grid: "#e9ecef",
  axis: "#6b7079",
};

export const AXIS_TICK = { fontSize: 11, fill: CHART_COLORS.axis };

export function percentTick(value: number): string {
  return `${Number((value * 100).toFixed(1))}%`;
}

export function metricTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
