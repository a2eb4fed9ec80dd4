import { describe, expect, it } from "vitest";
import { expiryIso, expiryValueFrom, isGrant } from "./expiry";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("expiryIso", () => {
  it("gives no time for no expiry", () => {
    expect(expiryIso({ choice: "none", date: "", time: "" }, NOW)).toEqual({ iso: null });
  });

  it("adds the chosen duration to now", () => {
    expect(expiryIso({ choice: "1h", date: "", time: "" }, NOW).iso).toBe(
      "2026-03-01T13:00:00.000Z",
    );
    expect(expiryIso({ choice: "7d", date: "", time: "" }, NOW).iso).toBe(
      "2026-03-08T12:00:00.000Z",
    );
  });

  it("reads a custom date and time in local time", () => {
    const result = expiryIso({ choice: "custom", date: "2026-04-02", time: "09:30" }, NOW);
    expect(result.iso).toBe(new Date(2026, 3, 2, 9, 30).toISOString());
  });

  it("explains an unusable custom time", () => {
    expect(expiryIso({ choice: "custom", date: "", time: "" }, NOW).error).toMatch(/date/);
    expect(expiryIso({ choice: "custom", date: "2026-04-02", time: "9h" }, NOW).error).toMatch(
      /HH:MM/,
    );
    expect(expiryIso({ choice: "custom", date: "2020-01-01", time: "10:00" }, NOW).error).toMatch(
      /future/,
    );
  });
});

describe("expiryValueFrom", () => {
  it("shows a set expiry as a custom local date and time", () => {
    const iso = new Date(2026, 3, 2, 9, 5).toISOString();
    expect(expiryValueFrom(iso)).toEqual({ choice: "custom", date: "2026-04-02", time: "09:05" });
    expect(expiryIso(expiryValueFrom(iso), NOW).iso).toBe(iso);
  });

  it("shows no expiry as none", () => {
    expect(expiryValueFrom(null)).toEqual({ choice: "none", date: "", time: "" });
  });
});

describe("isGrant", () => {
  const role = "arn:aws:iam::111122223333:role/r";
  it("counts adds and attaches, not removals, detaches or boundaries", () => {
    const attach = { type: "managed_policy" as const, principal_arn: role, policy_arn: "p" };
    expect(isGrant(attach)).toBe(true);
    expect(isGrant({ ...attach, action: "detach" })).toBe(false);
    expect(isGrant({ ...attach, type: "permissions_boundary" })).toBe(false);
    expect(isGrant({ type: "tag", principal_arn: role, key: "k", value: "v" })).toBe(true);
    expect(isGrant({ type: "tag", principal_arn: role, key: "k", action: "remove" })).toBe(false);
  });
});
