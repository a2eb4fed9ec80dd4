/** Permission request answers for page tests, typed by the generated schema. */
import type {
  ChangeDetail,
  PolicyCheckResult,
  RequestDetail,
  RequestList,
  RequestSummary,
} from "../api/types";
import { ACCOUNT_ID } from "./inventory-fixtures";

export const REQUEST_ID = "0192aabbccdd11223344";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/app-reader`;

export const ADDED_STATEMENT = {
  Sid: "ReadReports",
  Effect: "Allow",
  Action: ["s3:GetObject", "s3:ListBucket"],
  Resource: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
};

export function requestSummary(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id: REQUEST_ID,
    requester: "alice@example.com",
    justification: "Read the monthly reports",
    status: "pending",
    created_at: "2026-03-01T10:00:00.000Z",
    updated_at: "2026-03-01T10:00:00.000Z",
    arn: ROLE_ARN,
    account_id: ACCOUNT_ID,
    change_types: ["inline_policy"],
    change_count: 1,
    next_expiry: null,
    ...overrides,
  };
}

export function requestList(requests: RequestSummary[], cursor: string | null = null): RequestList {
  return { requests, cursor };
}

export function changeDetail(overrides: Partial<ChangeDetail> = {}): ChangeDetail {
  return {
    id: "c1",
    spec: {
      type: "inline_policy",
      principal_arn: ROLE_ARN,
      policy_name: "reports",
      action: "add",
      policy_document: { Version: "2012-10-17", Statement: [ADDED_STATEMENT] },
    },
    status: "pending",
    error: null,
    expires_at: null,
    applied_at: null,
    expired_at: null,
    attempts: 0,
    target_arn: ROLE_ARN,
    account_id: ACCOUNT_ID,
    before: null,
    after: { Version: "2012-10-17", Statement: [ADDED_STATEMENT] },
    findings: [
      {
        rule: "list_without_get",
        severity: "medium",
        title: "Broad listing",
        detail: "ListBucket shows every key.",
        statement: 0,
        sid: "ReadReports",
        path: "Statement[0].Action",
        source: "consoleme",
      },
    ],
    terraform: 'resource "aws_iam_role_policy" "reports" {\n  role = "app-reader"\n}',
    ...overrides,
  };
}

export function requestDetail(overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    id: REQUEST_ID,
    version: 3,
    requester: "alice@example.com",
    justification: "Read the monthly reports",
    created_at: "2026-03-01T10:00:00.000Z",
    updated_at: "2026-03-01T10:05:00.000Z",
    status: "pending",
    changes: [changeDetail()],
    comments: [
      {
        id: "m1",
        author: "bob@example.com",
        text: "Which bucket exactly?",
        at: "2026-03-01T10:03:00.000Z",
      },
    ],
    approvals: [],
    required_approvals: 1,
    sensitive_rules: [],
    approver_groups: ["team-a"],
    auto_approved_by: null,
    timeline: [
      {
        at: "2026-03-01T10:00:00.000Z",
        actor: "alice@example.com",
        type: "submitted",
        to_status: "pending",
      },
      {
        at: "2026-03-01T10:03:00.000Z",
        actor: "bob@example.com",
        type: "commented",
        why: "Which bucket exactly?",
      },
    ],
    allowed_commands: ["comment"],
    url: `http://127.0.0.1:8081/requests/${REQUEST_ID}`,
    ...overrides,
  };
}

export function policyCheck(overrides: Partial<PolicyCheckResult> = {}): PolicyCheckResult {
  return { findings: [], valid: true, error: null, error_path: null, ...overrides };
}
