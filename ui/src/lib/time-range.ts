/** A time range as Cloudscape's DateRangePicker gives it (relative or absolute). */
export type PickedRange =
  | { type: "relative"; amount: number; unit: TimeUnit }
  | { type: "absolute"; startDate: string; endDate: string };

export type TimeUnit = "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

const SECONDS: Record<TimeUnit, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 7 * 86_400,
  month: 30 * 86_400,
  year: 365 * 86_400,
};

/** ISO 8601 `since` / `until` for an API query; a relative range ends now (no `until`). */
export function rangeToQuery(
  range: PickedRange | null,
  now: Date = new Date(),
): { since?: string; until?: string } {
  if (range === null) return {};
  if (range.type === "relative") {
    const since = new Date(now.getTime() - range.amount * SECONDS[range.unit] * 1000);
    return { since: since.toISOString() };
  }
  return {
    since: new Date(range.startDate).toISOString(),
    until: new Date(range.endDate).toISOString(),
  };
}
