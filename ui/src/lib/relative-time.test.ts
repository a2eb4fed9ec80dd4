import { describe, expect, it } from "vitest";
import { formatDuration, formatRelativeSeconds, isoToSeconds } from "./relative-time";

const NOW = 1_800_000_000_000;

describe("formatRelativeSeconds", () => {
  it("says just now for under a minute", () => {
    expect(formatRelativeSeconds(NOW / 1000 - 20, NOW, "en")).toBe("just now");
  });

  it("uses the largest whole unit", () => {
    expect(formatRelativeSeconds(NOW / 1000 - 5 * 60, NOW, "en")).toBe("5 minutes ago");
    expect(formatRelativeSeconds(NOW / 1000 - 3 * 3600, NOW, "en")).toBe("3 hours ago");
    expect(formatRelativeSeconds(NOW / 1000 - 26 * 3600, NOW, "en")).toBe("yesterday");
  });

  it("handles times in the future", () => {
    expect(formatRelativeSeconds(NOW / 1000 + 2 * 3600, NOW, "en")).toBe("in 2 hours");
  });
});

describe("isoToSeconds", () => {
  it("parses ISO 8601 and refuses garbage", () => {
    expect(isoToSeconds("2026-01-02T03:04:05Z")).toBe(1_767_323_045);
    expect(isoToSeconds("not a date")).toBeNull();
  });
});

describe("formatDuration", () => {
  it("says hours and minutes", () => {
    expect(formatDuration(3600)).toBe("1 hour");
    expect(formatDuration(5400)).toBe("1 hour 30 minutes");
    expect(formatDuration(43200)).toBe("12 hours");
    expect(formatDuration(60)).toBe("1 minute");
  });
});
