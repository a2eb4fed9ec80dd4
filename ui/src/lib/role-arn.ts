/** The parts of an IAM role ARN the UI shows: `arn:aws:iam::<account>:role/<path/><name>`. */
export interface RoleArnParts {
  accountId: string;
  roleName: string;
}

/** Account id and role name of a role ARN; `null` when `arn` is not one. */
export function parseRoleArn(arn: string): RoleArnParts | null {
  const match = /^arn:[^:]+:iam::(\d{12}|[^:]*):role\/(.+)$/.exec(arn);
  if (!match) return null;
  const path = match[2] ?? "";
  return { accountId: match[1] ?? "", roleName: path.slice(path.lastIndexOf("/") + 1) };
}

/**
 * The UI route that signs in to the AWS console as `role` (a full ARN or a search string),
 * as weep's `console` command opens it: `/role/<role>` with the ARN's `:` and `/` kept.
 */
export function consoleSignInPath(role: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `/role/${role.split("/").map(encodePart).join("/")}${query ? `?${query}` : ""}`;
}

function encodePart(part: string): string {
  return encodeURIComponent(part).replace(/%3A/gi, ":").replace(/%40/gi, "@");
}
