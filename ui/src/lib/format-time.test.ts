import { describe, expect, it } from "vitest";
import { formatIsoTimeShort, formatUnixSeconds } from "./format-time";

describe("formatUnixSeconds", () => {
  it("formats seconds, not milliseconds", () => {
    // ICU versions differ in the space before "PM" (U+0020 or U+202F).
    const text = formatUnixSeconds(1_900_000_000, "en-US", "UTC").replace(/\s/g, " ");
    expect(text).toBe("Mar 17, 2030, 5:46 PM");
  });
});

describe("formatIsoTimeShort", () => {
  it("leaves out this year, keeps other years, and passes garbage through", () => {
    const now = new Date("2026-06-01T00:00:00");
    expect(formatIsoTimeShort("2026-03-04T14:05:06", now, "en-US")).toBe("Mar 4, 14:05:06");
    expect(formatIsoTimeShort("2025-03-04T14:05:06", now, "en-US")).toBe("Mar 4, 2025, 14:05:06");
    expect(formatIsoTimeShort("not a time", now, "en-US")).toBe("not a time");
  });
});
