import { describe, expect, it } from "vitest";
import { formatUnixSeconds } from "./format-time";

describe("formatUnixSeconds", () => {
  it("formats seconds, not milliseconds", () => {
    // ICU versions differ in the space before "PM" (U+0020 or U+202F).
    const text = formatUnixSeconds(1_900_000_000, "en-US", "UTC").replace(/\s/g, " ");
    expect(text).toBe("Mar 17, 2030, 5:46 PM");
  });
});
