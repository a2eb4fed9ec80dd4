import { describe, expect, it } from "vitest";
import { safeNextPath, signInPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each(["/", "/roles", "/roles/123?tab=policies#top", "/a//b"])("keeps %s", (next) => {
    expect(safeNextPath(next)).toBe(next);
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/roles"],
    ["absolute https", "https://evil.com/"],
    ["absolute http", "http://evil.com"],
    ["javascript", "javascript:alert(1)"],
    ["backslash", "/\\evil.com"],
    ["tab", "/\t/evil.com"],
    ["newline", "/\n/evil.com"],
    ["relative without slash", "evil.com"],
    ["empty", ""],
    ["sign-in loop", "/sign-in?next=/"],
  ])("rejects %s", (_, next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("falls back when missing", () => {
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(undefined, "/home")).toBe("/home");
  });
});

describe("signInPath", () => {
  it("carries the path, encoded", () => {
    expect(signInPath("/roles?a=1&b=2")).toBe("/sign-in?next=%2Froles%3Fa%3D1%26b%3D2");
  });

  it("never carries an unsafe path", () => {
    expect(signInPath("//evil.com")).toBe("/sign-in?next=%2F");
  });
});
