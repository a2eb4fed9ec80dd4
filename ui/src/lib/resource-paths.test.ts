import { describe, expect, it } from "vitest";
import { legacyResourcePath, managedPolicyPathFromArn, resourcePath } from "./resource-paths";

describe("resourcePath", () => {
  it("puts global resources under account and name", () => {
    expect(
      resourcePath({ type: "iam_role", account_id: "111122223333", region: "", name: "app" }),
    ).toBe("/resources/roles/111122223333/app");
    expect(
      resourcePath({ type: "managed_policy", account_id: "111122223333", region: "", name: "p" }),
    ).toBe("/resources/managed-policies/111122223333/p");
  });

  it("adds the region for queues and topics", () => {
    expect(
      resourcePath({
        type: "sqs_queue",
        account_id: "111122223333",
        region: "us-west-2",
        name: "jobs.fifo",
      }),
    ).toBe("/resources/sqs/111122223333/us-west-2/jobs.fifo");
  });

  it("encodes characters that are special in paths", () => {
    expect(
      resourcePath({ type: "iam_user", account_id: "111122223333", region: "", name: "a b?#" }),
    ).toBe("/resources/users/111122223333/a%20b%3F%23");
  });
});

describe("legacyResourcePath", () => {
  it("maps weep's paths onto the detail pages", () => {
    expect(legacyResourcePath("111122223333", "iamrole", "app")).toBe(
      "/resources/roles/111122223333/app",
    );
    expect(legacyResourcePath("111122223333", "s3", "logs")).toBe(
      "/resources/s3/111122223333/logs",
    );
    expect(legacyResourcePath("111122223333", "sns", "eu-west-1/alerts")).toBe(
      "/resources/sns/111122223333/eu-west-1/alerts",
    );
  });

  it("refuses unknown kinds, bad accounts and missing parts", () => {
    expect(legacyResourcePath("111122223333", "lambda", "f")).toBeNull();
    expect(legacyResourcePath("abc", "iamrole", "app")).toBeNull();
    expect(legacyResourcePath("111122223333", "sqs", "jobs")).toBeNull();
    expect(legacyResourcePath("111122223333", "iamrole", "")).toBeNull();
  });
});

describe("managedPolicyPathFromArn", () => {
  it("links customer managed policies, with or without a path", () => {
    expect(managedPolicyPathFromArn("arn:aws:iam::111122223333:policy/team/ReadLogs")).toBe(
      "/resources/managed-policies/111122223333/ReadLogs",
    );
    expect(managedPolicyPathFromArn("arn:aws:iam::111122223333:policy/ReadLogs")).toBe(
      "/resources/managed-policies/111122223333/ReadLogs",
    );
  });

  it("does not link AWS managed policies", () => {
    expect(managedPolicyPathFromArn("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBeNull();
  });
});
