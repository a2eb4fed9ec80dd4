import { describe, expect, it } from "vitest";
import { arnName, changeSummary, changeTypeLabel } from "./change-summary";

const ROLE = "arn:aws:iam::111122223333:role/app-reader";

describe("changeSummary", () => {
  it("counts the statements a policy change adds or removes", () => {
    const document = { Statement: [{ Sid: "A" }, { Sid: "B" }] };
    expect(
      changeSummary({
        type: "inline_policy",
        principal_arn: ROLE,
        policy_name: "s3-read",
        policy_document: document,
      }),
    ).toBe("Add 2 statements to inline policy s3-read");
    expect(
      changeSummary({
        type: "assume_role_policy",
        principal_arn: ROLE,
        action: "remove",
        policy_document: { Statement: { Sid: "A" } },
      }),
    ).toBe("Remove 1 statement from the trust policy");
    expect(
      changeSummary({
        type: "resource_policy",
        resource_arn: "arn:aws:s3:::logs",
        resource_type: "s3",
        policy_document: document,
      }),
    ).toBe("Add 2 statements to the S3 policy of logs");
  });

  it("says what attach, detach and tag changes do", () => {
    const policy = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    expect(changeSummary({ type: "managed_policy", principal_arn: ROLE, policy_arn: policy })).toBe(
      "Attach managed policy ReadOnlyAccess",
    );
    expect(
      changeSummary({
        type: "managed_policy",
        principal_arn: ROLE,
        policy_arn: policy,
        action: "detach",
      }),
    ).toBe("Detach managed policy ReadOnlyAccess");
    expect(changeSummary({ type: "tag", principal_arn: ROLE, key: "team", value: "a" })).toBe(
      "Set tag team = a",
    );
    expect(changeSummary({ type: "tag", principal_arn: ROLE, key: "team", action: "remove" })).toBe(
      "Remove tag team",
    );
  });
});

describe("labels", () => {
  it("names types and ARNs", () => {
    expect(changeTypeLabel("assume_role_policy")).toBe("Trust policy");
    expect(changeTypeLabel("something_new")).toBe("something_new");
    expect(arnName(ROLE)).toBe("app-reader");
    expect(arnName("arn:aws:s3:::logs")).toBe("logs");
    expect(arnName("arn:aws:sqs:us-east-1:111122223333:orders")).toBe("orders");
  });
});
