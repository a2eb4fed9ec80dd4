import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "./time-left";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function inSeconds(seconds: number): string {
  return new Date(NOW + seconds * 1000).toISOString();
}

describe("formatTimeLeft", () => {
  it("says days and hours, or hours and minutes", () => {
    expect(formatTimeLeft(inSeconds(2 * 86_400 + 3 * 3600 + 120), NOW)).toBe("2 days 3 hours left");
    expect(formatTimeLeft(inSeconds(3600 + 5 * 60), NOW)).toBe("1 hour 5 minutes left");
    expect(formatTimeLeft(inSeconds(40 * 60), NOW)).toBe("40 minutes left");
    expect(formatTimeLeft(inSeconds(86_400), NOW)).toBe("1 day left");
  });

  it("says when less than a minute is left or it is over", () => {
    expect(formatTimeLeft(inSeconds(30), NOW)).toBe("less than a minute left");
    expect(formatTimeLeft(inSeconds(0), NOW)).toBe("expired");
    expect(formatTimeLeft(inSeconds(-600), NOW)).toBe("expired");
  });

  it("refuses text that is not a time", () => {
    expect(formatTimeLeft("soon", NOW)).toBeNull();
  });
});
