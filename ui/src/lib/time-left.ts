/**
 * How long a time-bound grant has left, e.g. "2 days 3 hours left", "40 minutes left",
 * "expired"; null when `iso` does not parse.
 */
export function formatTimeLeft(iso: string, nowMs = Date.now()): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const seconds = Math.floor((ms - nowMs) / 1000);
  if (seconds <= 0) return "expired";
  if (seconds < 60) return "less than a minute left";
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (days) parts.push(plural(days, "day"));
  if (hours) parts.push(plural(hours, "hour"));
  // Minutes only matter when less than a day is left.
  if (!days && minutes) parts.push(plural(minutes, "minute"));
  return `${parts.join(" ")} left`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
