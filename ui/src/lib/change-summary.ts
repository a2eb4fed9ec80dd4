import type { ChangeSpec, ChangeType } from "../api/types";

export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
  inline_policy: "Inline policy",
  managed_policy: "Managed policy",
  managed_policy_document: "Managed policy document",
  resource_policy: "Resource policy",
  assume_role_policy: "Trust policy",
  permissions_boundary: "Permissions boundary",
  tag: "Tag",
  create_role: "New role",
  clone_role: "Cloned role",
};

/** A type name from the API as a label; unknown names are shown as they are. */
export function changeTypeLabel(type: string): string {
  return (CHANGE_TYPE_LABELS as Record<string, string>)[type] ?? type;
}

/** The last part of an ARN: a role, user, policy, queue or topic name, or a bucket. */
export function arnName(arn: string): string {
  const resource = arn.split(":").slice(5).join(":");
  return resource.slice(resource.lastIndexOf("/") + 1) || arn;
}

function statementCount(document: Record<string, unknown>): number {
  const statements = document.Statement;
  if (Array.isArray(statements)) return statements.length;
  return statements && typeof statements === "object" ? 1 : 0;
}

function statements(action: string | undefined, document: Record<string, unknown>): string {
  const count = statementCount(document);
  const noun = `${count} ${count === 1 ? "statement" : "statements"}`;
  return action === "remove" ? `Remove ${noun} from` : `Add ${noun} to`;
}

/** One line saying what a change does, e.g. "Add 2 statements to inline policy s3-read". */
export function changeSummary(spec: ChangeSpec): string {
  switch (spec.type) {
    case "inline_policy":
      return `${statements(spec.action, spec.policy_document)} inline policy ${spec.policy_name || "(not named yet)"}`;
    case "assume_role_policy":
      return `${statements(spec.action, spec.policy_document)} the trust policy`;
    case "resource_policy":
      return `${statements(spec.action, spec.policy_document)} the ${spec.resource_type.toUpperCase()} policy of ${arnName(spec.resource_arn)}`;
    case "managed_policy_document":
      return `${statements(spec.action, spec.policy_document)} managed policy ${arnName(spec.policy_arn)}`;
    case "managed_policy":
      return spec.action === "detach"
        ? `Detach managed policy ${arnName(spec.policy_arn)}`
        : `Attach managed policy ${arnName(spec.policy_arn)}`;
    case "permissions_boundary":
      return spec.action === "detach"
        ? "Remove the permissions boundary"
        : `Set permissions boundary ${arnName(spec.policy_arn)}`;
    case "tag":
      return spec.action === "remove"
        ? `Remove tag ${spec.key}`
        : `Set tag ${spec.key} = ${spec.value ?? ""}`;
    case "create_role":
      return `Create role ${spec.role_name}`;
    case "clone_role":
      return `Create role ${spec.role_name} as a copy of ${arnName(spec.source_role_arn)}`;
  }
}
