import type { EditTarget } from "../../lib/edit-target";
import { resourcePath, type ResourceKind } from "../../lib/resource-paths";

const KINDS: Record<EditTarget["kind"], ResourceKind> = {
  role: "iam_role",
  user: "iam_user",
  s3: "s3_bucket",
  sqs: "sqs_queue",
  sns: "sns_topic",
};

/** The target's own page; null for a bucket whose account is not known. */
export function targetPagePath(target: EditTarget): string | null {
  if (!target.accountId) return null;
  return resourcePath({
    type: KINDS[target.kind],
    account_id: target.accountId,
    region: target.region,
    name: target.name,
  });
}
