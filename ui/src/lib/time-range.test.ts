import { describe, expect, it } from "vitest";
import { rangeToQuery } from "./time-range";

describe("rangeToQuery", () => {
  const now = new Date("2026-03-04T12:00:00Z");

  it("turns a relative range into a start, ending now", () => {
    expect(rangeToQuery({ type: "relative", amount: 24, unit: "hour" }, now)).toEqual({
      since: "2026-03-03T12:00:00.000Z",
    });
  });

  it("passes absolute ranges as ISO times, and nothing for no range", () => {
    expect(
      rangeToQuery(
        { type: "absolute", startDate: "2026-03-01T00:00:00Z", endDate: "2026-03-02T00:00:00Z" },
        now,
      ),
    ).toEqual({ since: "2026-03-01T00:00:00.000Z", until: "2026-03-02T00:00:00.000Z" });
    expect(rangeToQuery(null, now)).toEqual({});
  });
});
