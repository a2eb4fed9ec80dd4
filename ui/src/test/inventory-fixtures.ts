/** Inventory answers for page tests, typed by the generated schema. */
import type {
  BucketDetail,
  InventoryAccount,
  ManagedPolicyDetail,
  QueueDetail,
  ResourceLinks,
  ResourceSearchPage,
  ResourceSearchResult,
  RoleDetail,
  ServiceControlPolicies,
  TopicDetail,
  UserDetail,
} from "../api/types";

export const ACCOUNT_ID = "111122223333";
export const FETCHED_AT = 1_900_000_000;

export const READ_S3_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::logs/*" }],
};

export const TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

export function searchResult(overrides: Partial<ResourceSearchResult> = {}): ResourceSearchResult {
  return {
    arn: `arn:aws:iam::${ACCOUNT_ID}:role/app-reader`,
    type: "iam_role",
    account_id: ACCOUNT_ID,
    account_name: "production",
    name: "app-reader",
    region: "",
    tags: { owner: "team-a" },
    ui_path: `/policies/edit/${ACCOUNT_ID}/iamrole/app-reader`,
    ...overrides,
  };
}

export function searchPage(
  items: ResourceSearchResult[],
  next_cursor: string | null = null,
): ResourceSearchPage {
  return {
    items,
    next_cursor,
    index: { ready: true, entries: items.length, synced_at: FETCHED_AT },
  };
}

export function inventoryAccount(overrides: Partial<InventoryAccount> = {}): InventoryAccount {
  return {
    id: ACCOUNT_ID,
    name: "production",
    environment: "prod",
    status: "ACTIVE",
    ou_path: "/workloads",
    tags: {},
    source: "organizations",
    refresh_state: "ok",
    last_refreshed_at: FETCHED_AT,
    errors: [],
    resource_counts: { iam_role: 12, s3_bucket: 3 },
    ...overrides,
  };
}

function links(path: string): ResourceLinks {
  return {
    ui_path: path,
    console_url: "https://console.aws.amazon.com/iam/home",
    console_login_path: `/role/${ACCOUNT_ID}?redirect=https%3A%2F%2Fconsole.aws.amazon.com`,
  };
}

const ACCOUNT = {
  id: ACCOUNT_ID,
  name: "production",
  environment: "prod",
  status: "ACTIVE",
  ou_path: "/workloads",
  tags: {},
  source: "organizations" as const,
};

const COMMON = { account_id: ACCOUNT_ID, region: "", fetched_at: FETCHED_AT, tags: {} };

export function roleDetail(overrides: Partial<RoleDetail["role"]> = {}): RoleDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/iamrole/app-reader`),
    access_denied_count: 3,
    role: {
      ...COMMON,
      arn: `arn:aws:iam::${ACCOUNT_ID}:role/app-reader`,
      type: "iam_role",
      name: "app-reader",
      tags: { owner: "team-a", "consoleme-authorized": "engineering" },
      role_id: "AROAEXAMPLE",
      path: "/",
      created: "2025-01-02T03:04:05Z",
      description: "Reads application logs",
      max_session_duration: 3600,
      assume_role_policy: TRUST_POLICY,
      inline_policies: { "read-logs": READ_S3_POLICY },
      managed_policies: [
        { arn: `arn:aws:iam::${ACCOUNT_ID}:policy/team/LogReaders`, name: "LogReaders" },
        { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", name: "ReadOnlyAccess" },
      ],
      permissions_boundary: null,
      last_used: { date: "2026-11-01T10:00:00Z", region: "us-east-1" },
      ...overrides,
    },
  };
}

export function userDetail(): UserDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/iamuser/deploy-bot`),
    access_denied_count: 0,
    user: {
      ...COMMON,
      arn: `arn:aws:iam::${ACCOUNT_ID}:user/deploy-bot`,
      type: "iam_user",
      name: "deploy-bot",
      user_id: "AIDAEXAMPLE",
      path: "/",
      created: "2025-01-02T03:04:05Z",
      groups: ["deployers"],
      inline_policies: {},
      managed_policies: [],
      permissions_boundary: `arn:aws:iam::${ACCOUNT_ID}:policy/Boundary`,
    },
  };
}

export function managedPolicyDetail(): ManagedPolicyDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/managed_policy/LogReaders`),
    policy: {
      ...COMMON,
      arn: `arn:aws:iam::${ACCOUNT_ID}:policy/team/LogReaders`,
      type: "managed_policy",
      name: "LogReaders",
      policy_id: "ANPAEXAMPLE",
      path: "/team/",
      default_version: "v3",
      document: READ_S3_POLICY,
      attachment_count: 2,
      description: "Read the log bucket",
    },
  };
}

export function bucketDetail(
  policy: Record<string, unknown> | null = READ_S3_POLICY,
): BucketDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/s3/logs`),
    bucket: {
      ...COMMON,
      arn: "arn:aws:s3:::logs",
      type: "s3_bucket",
      name: "logs",
      region: "us-east-1",
      policy,
    },
  };
}

export function queueDetail(): QueueDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/sqs/us-east-1/jobs`),
    queue: {
      ...COMMON,
      arn: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:jobs`,
      type: "sqs_queue",
      name: "jobs",
      region: "us-east-1",
      url: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT_ID}/jobs`,
      policy: READ_S3_POLICY,
      attributes: { VisibilityTimeout: "30", DelaySeconds: "0" },
    },
  };
}

export function topicDetail(): TopicDetail {
  return {
    account: ACCOUNT,
    links: links(`/policies/edit/${ACCOUNT_ID}/sns/us-east-1/alerts`),
    topic: {
      ...COMMON,
      arn: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:alerts`,
      type: "sns_topic",
      name: "alerts",
      region: "us-east-1",
      policy: null,
      attributes: { DisplayName: "Alerts" },
    },
  };
}

export function serviceControlPolicies(): ServiceControlPolicies {
  return {
    account_id: ACCOUNT_ID,
    path: [
      { id: "r-ab12", name: "Root", kind: "root" },
      { id: "ou-ab12-workload", name: "workloads", kind: "ou" },
      { id: ACCOUNT_ID, name: "production", kind: "account" },
    ],
    policies: [
      {
        via_id: "r-ab12",
        via_name: "Root",
        via_kind: "root",
        policy: {
          id: "p-deny-leave",
          arn: "arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-deny-leave",
          name: "DenyLeaveOrganization",
          description: "Accounts may not leave",
          document: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
            ],
          },
          targets: ["r-ab12"],
          aws_managed: false,
        },
      },
    ],
  };
}
