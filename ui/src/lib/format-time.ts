/** Formats a Unix time in seconds as a local date and time, e.g. "Mar 4, 2026, 2:05 PM". */
export function formatUnixSeconds(seconds: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(seconds * 1000));
}
