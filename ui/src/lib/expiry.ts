/** The expiry choices of a request form, turned into the ISO time the API takes. */
import type { ChangeSpec } from "../api/types";

export type ExpiryChoice = "none" | "1h" | "1d" | "7d" | "30d" | "custom";

export const EXPIRY_OPTIONS: readonly { value: ExpiryChoice; label: string }[] = [
  { value: "none", label: "No expiry" },
  { value: "1h", label: "1 hour" },
  { value: "1d", label: "1 day" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "custom", label: "Custom date and time" },
];

const HOURS: Record<Exclude<ExpiryChoice, "none" | "custom">, number> = {
  "1h": 1,
  "1d": 24,
  "7d": 7 * 24,
  "30d": 30 * 24,
};

export interface ExpiryValue {
  choice: ExpiryChoice;
  /** Custom date, `YYYY-MM-DD` (local). */
  date: string;
  /** Custom time, `HH:MM` (local). */
  time: string;
}

export const NO_EXPIRY: ExpiryValue = { choice: "none", date: "", time: "" };

export type ExpiryResult =
  { iso: string | null; error?: undefined } | { iso?: undefined; error: string };

/**
 * The UTC ISO time a grant ends (`iso: null` for none), or why the custom time is not usable.
 * A custom date and time are read in the browser's time zone.
 */
export function expiryIso(value: ExpiryValue, nowMs = Date.now()): ExpiryResult {
  if (value.choice === "none") return { iso: null };
  if (value.choice !== "custom") {
    return { iso: new Date(nowMs + HOURS[value.choice] * 3_600_000).toISOString() };
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.date);
  if (!date) return { error: "Choose the date the access ends." };
  const time = /^(\d{2}):(\d{2})$/.exec(value.time || "00:00");
  if (!time) return { error: "Enter the time as HH:MM." };
  const moment = new Date(
    Number(date[1]),
    Number(date[2]) - 1,
    Number(date[3]),
    Number(time[1]),
    Number(time[2]),
  );
  if (Number.isNaN(moment.getTime())) return { error: "This is not a valid date and time." };
  if (moment.getTime() <= nowMs) return { error: "The expiry must be in the future." };
  return { iso: moment.toISOString() };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An expiry already set (an ISO time) as a custom choice in local time; none for null. */
export function expiryValueFrom(iso: string | null): ExpiryValue {
  const moment = iso ? new Date(iso) : null;
  if (!moment || Number.isNaN(moment.getTime())) return NO_EXPIRY;
  return {
    choice: "custom",
    date: `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`,
    time: `${pad(moment.getHours())}:${pad(moment.getMinutes())}`,
  };
}

/** Whether a change adds access (and so may carry an expiry), as the server decides it. */
export function isGrant(spec: ChangeSpec): boolean {
  if (spec.type === "managed_policy") return spec.action !== "detach";
  if (
    spec.type === "permissions_boundary" ||
    spec.type === "create_role" ||
    spec.type === "clone_role"
  ) {
    return false;
  }
  return !("action" in spec) || spec.action !== "remove";
}
