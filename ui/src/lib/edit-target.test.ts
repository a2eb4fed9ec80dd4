import { describe, expect, it } from "vitest";
import { parseEditTarget, policyEditorPath } from "./edit-target";

describe("parseEditTarget", () => {
  it("reads roles and users, with or without a path", () => {
    expect(parseEditTarget("arn:aws:iam::111122223333:role/app-reader")).toEqual({
      kind: "role",
      arn: "arn:aws:iam::111122223333:role/app-reader",
      accountId: "111122223333",
      region: "",
      name: "app-reader",
    });
    expect(parseEditTarget("arn:aws:iam::111122223333:user/team/bob")?.name).toBe("bob");
  });

  it("reads buckets, queues and topics", () => {
    expect(parseEditTarget("arn:aws:s3:::logs-bucket", "111122223333")).toMatchObject({
      kind: "s3",
      accountId: "111122223333",
      name: "logs-bucket",
    });
    expect(parseEditTarget("arn:aws:s3:::logs-bucket", "nope")?.accountId).toBe("");
    expect(parseEditTarget("arn:aws:sqs:us-east-1:111122223333:orders")).toMatchObject({
      kind: "sqs",
      region: "us-east-1",
      name: "orders",
    });
    expect(parseEditTarget("arn:aws:sns:eu-west-1:111122223333:alerts")?.kind).toBe("sns");
  });

  it("refuses what the editor cannot change", () => {
    expect(parseEditTarget("arn:aws:iam::111122223333:policy/LogReaders")).toBeNull();
    expect(parseEditTarget("arn:aws:s3:::logs-bucket/key")).toBeNull();
    expect(parseEditTarget("not an arn")).toBeNull();
  });
});

describe("policyEditorPath", () => {
  it("puts the ARN (and an S3 bucket's account) in the query", () => {
    expect(policyEditorPath("arn:aws:iam::111122223333:role/a", "111122223333")).toBe(
      "/requests/new?arn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fa",
    );
    expect(policyEditorPath("arn:aws:s3:::logs", "111122223333")).toBe(
      "/requests/new?arn=arn%3Aaws%3As3%3A%3A%3Alogs&account=111122223333",
    );
  });
});
