/**
 * Where each kind of resource is shown in the UI, and the older `/policies/edit/...` paths
 * (what weep's `open` command and the original ConsoleMe link to) mapped onto them.
 */

import type { ResourceType } from "../api/types";

export type ResourceKind = ResourceType;

export interface ResourceRef {
  type: ResourceKind;
  account_id: string;
  region: string;
  name: string;
}

const SEGMENT: Record<ResourceKind, string> = {
  iam_role: "roles",
  iam_user: "users",
  managed_policy: "managed-policies",
  s3_bucket: "s3",
  sqs_queue: "sqs",
  sns_topic: "sns",
};

/** Kinds whose names are only unique within a region, so their paths carry it. */
const REGIONAL: ReadonlySet<ResourceKind> = new Set(["sqs_queue", "sns_topic"]);

export const RESOURCE_LABELS: Record<ResourceKind, string> = {
  iam_role: "IAM role",
  iam_user: "IAM user",
  managed_policy: "Managed policy",
  s3_bucket: "S3 bucket",
  sqs_queue: "SQS queue",
  sns_topic: "SNS topic",
};

export const RESOURCE_KINDS = Object.keys(SEGMENT) as ResourceKind[];

export function isResourceKind(value: string): value is ResourceKind {
  return value in SEGMENT;
}

/** The UI path of a resource's detail page. */
export function resourcePath(ref: ResourceRef): string {
  const parts = [SEGMENT[ref.type], ref.account_id];
  if (REGIONAL.has(ref.type)) parts.push(ref.region);
  parts.push(ref.name);
  return `/resources/${parts.map(encodeURIComponent).join("/")}`;
}

const LEGACY_KIND: Record<string, ResourceKind> = {
  iamrole: "iam_role",
  iamuser: "iam_user",
  managed_policy: "managed_policy",
  s3: "s3_bucket",
  sqs: "sqs_queue",
  sns: "sns_topic",
};

/**
 * The detail path for an old `/policies/edit/<account>/<kind>/[<region>/]<name>` path's parts
 * (`rest` is everything after the kind, already decoded); null when it names nothing we show.
 */
export function legacyResourcePath(account: string, kind: string, rest: string): string | null {
  const type = LEGACY_KIND[kind];
  if (type === undefined || !/^\d{12}$/.test(account) || !rest) return null;
  if (!REGIONAL.has(type))
    return resourcePath({ type, account_id: account, region: "", name: rest });
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return null;
  return resourcePath({
    type,
    account_id: account,
    region: rest.slice(0, slash),
    name: rest.slice(slash + 1),
  });
}

/**
 * The detail path of a customer managed policy from its ARN
 * (`arn:aws:iam::<account>:policy/<path>/<name>`); null for AWS managed policies, which
 * ConsoleMe does not keep.
 */
export function managedPolicyPathFromArn(arn: string): string | null {
  const match = /^arn:aws[\w-]*:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!match?.[1] || !match[2]) return null;
  return resourcePath({ type: "managed_policy", account_id: match[1], region: "", name: match[2] });
}
