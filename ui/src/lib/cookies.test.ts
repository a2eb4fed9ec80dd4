import { describe, expect, it } from "vitest";
import { readCookie } from "./cookies";

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("a=1; _xsrf=2|abc|def|123; b=3", "_xsrf")).toBe("2|abc|def|123");
  });

  it("does not match on a name suffix", () => {
    expect(readCookie("my_xsrf=nope", "_xsrf")).toBeUndefined();
  });

  it("strips quotes and treats empty as absent", () => {
    expect(readCookie('_xsrf="token"', "_xsrf")).toBe("token");
    expect(readCookie("_xsrf=", "_xsrf")).toBeUndefined();
    expect(readCookie("", "_xsrf")).toBeUndefined();
  });
});
