/**
 * What the policy editor edits, from the target's ARN: a role or user (inline policies,
 * managed policies, tags; roles also their trust policy) or an S3 bucket, SQS queue or SNS
 * topic (its resource policy).
 */

import type { ChangeSpec } from "../api/types";

export type EditTargetKind = "role" | "user" | "s3" | "sqs" | "sns";

export interface EditTarget {
  kind: EditTargetKind;
  arn: string;
  /** 12-digit account id; "" for an S3 bucket whose account the link did not say. */
  accountId: string;
  /** "" for IAM and S3. */
  region: string;
  /** Role, user, bucket, queue or topic name (without an IAM path). */
  name: string;
}

export const TARGET_LABELS: Record<EditTargetKind, string> = {
  role: "IAM role",
  user: "IAM user",
  s3: "S3 bucket",
  sqs: "SQS queue",
  sns: "SNS topic",
};

/** The target of `arn`; null when it is not something the editor can change. */
export function parseEditTarget(arn: string, account = ""): EditTarget | null {
  const iam = /^arn:aws[\w-]*:iam::(\d{12}):(role|user)\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(
    arn,
  );
  if (iam?.[1] && iam[2] && iam[3]) {
    return { kind: iam[2] as "role" | "user", arn, accountId: iam[1], region: "", name: iam[3] };
  }
  const s3 = /^arn:aws[\w-]*:s3:::([a-z0-9][a-z0-9.-]{1,62})$/.exec(arn);
  if (s3?.[1]) {
    const accountId = /^\d{12}$/.test(account) ? account : "";
    return { kind: "s3", arn, accountId, region: "", name: s3[1] };
  }
  const regional = /^arn:aws[\w-]*:(sqs|sns):([a-z0-9-]+):(\d{12}):([\w.-]+)$/.exec(arn);
  if (regional?.[1] && regional[2] && regional[3] && regional[4]) {
    const kind = regional[1] as "sqs" | "sns";
    return { kind, arn, accountId: regional[3], region: regional[2], name: regional[4] };
  }
  return null;
}

/** The editor's route for a target (`account` only matters for S3, whose ARNs carry none). */
export function policyEditorPath(arn: string, account?: string): string {
  const params = new URLSearchParams({ arn });
  if (account && arn.startsWith("arn:aws") && arn.includes(":s3:::"))
    params.set("account", account);
  return `/requests/new?${params.toString()}`;
}

/** Router state of a link that starts the editor from an earlier change (to extend a grant). */
export interface EditorState {
  prefill?: ChangeSpec;
}
