/** Formats a Unix time in seconds as a local date and time, e.g. "Mar 4, 2026, 2:05 PM". */
export function formatUnixSeconds(seconds: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(seconds * 1000));
}

/** Formats an ISO 8601 time as a local date and time with seconds; the input when unparsable. */
export function formatIsoTime(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone,
  }).format(date);
}

/** A compact local time for tables: "Nov 26, 11:37:59", with the year when not this year's. */
export function formatIsoTimeShort(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(date);
}
