/** "3 min ago" style times; absolute date in the title attribute where used. */
export function relativeTime(date: Date | string | null | undefined, now: number = Date.now()): string {
  if (!date) return "–";
  const t = typeof date === "string" ? Date.parse(date) : date.getTime();
  const seconds = Math.round((now - t) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

export function absoluteTime(date: Date | string | null | undefined): string {
  if (!date) return "";
  const d = typeof date === "string" ? new Date(date) : date;
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}
