import { describe, expect, it } from "vitest";
import { parseGroups } from "./parse-groups";

describe("parseGroups", () => {
  it("splits, trims and drops blanks and duplicates", () => {
    expect(parseGroups(" engineering, admins ,, engineering ,")).toEqual(["engineering", "admins"]);
  });

  it("gives no groups for blank input", () => {
    expect(parseGroups("   ")).toEqual([]);
  });
});
