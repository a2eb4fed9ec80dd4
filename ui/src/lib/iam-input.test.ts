import { describe, expect, it } from "vitest";
import { isManagedPolicyArn, isTagText } from "./iam-input";

describe("isManagedPolicyArn", () => {
  it("takes customer and AWS managed policy ARNs only", () => {
    expect(isManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBe(true);
    expect(isManagedPolicyArn("arn:aws:iam::111122223333:policy/team/reports-read")).toBe(true);
    expect(isManagedPolicyArn("arn:aws:iam::111122223333:role/reports")).toBe(false);
    expect(isManagedPolicyArn("ReadOnlyAccess")).toBe(false);
  });
});

describe("isTagText", () => {
  it("takes what IAM takes in tags", () => {
    expect(isTagText("team-a:reports/2026 = yes@+")).toBe(true);
    expect(isTagText("no;semicolons")).toBe(false);
  });
});
