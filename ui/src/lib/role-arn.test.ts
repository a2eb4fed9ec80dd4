import { describe, expect, it } from "vitest";
import { consoleSignInPath, parseRoleArn } from "./role-arn";

describe("parseRoleArn", () => {
  it("reads the account and the name after the role path", () => {
    expect(parseRoleArn("arn:aws:iam::123456789012:role/team/ci-deployer")).toEqual({
      accountId: "123456789012",
      roleName: "ci-deployer",
    });
    expect(parseRoleArn("arn:aws:s3:::bucket")).toBeNull();
  });
});

describe("consoleSignInPath", () => {
  it("keeps the ARN readable, as weep opens it, and encodes the rest", () => {
    expect(consoleSignInPath("arn:aws:iam::123456789012:role/a b")).toBe(
      "/role/arn:aws:iam::123456789012:role/a%20b",
    );
    expect(consoleSignInPath("prod admin", new URLSearchParams({ r: "eu-west-1" }))).toBe(
      "/role/prod%20admin?r=eu-west-1",
    );
  });
});
