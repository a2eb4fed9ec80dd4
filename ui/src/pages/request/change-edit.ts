/**
 * Editing a pending change on the review page: the form's fields for each kind of change, and
 * the spec and expiry they make for `update_change`. The kind of change and its target stay.
 */
import type { ChangeDetail, ChangeSpec, PolicyCheckKind } from "../../api/types";
import { expiryIso, expiryValueFrom, isGrant, type ExpiryValue } from "../../lib/expiry";
import { isManagedPolicyArn, isTagText, POLICY_ARN_HINT, TAG_TEXT_HINT } from "../../lib/iam-input";
import { parsePolicyText, policyText, withoutEmptySids } from "../../lib/policy-text";

/** How a change is edited: its policy document, its tag, or the policy ARN it names. */
export type EditKind = "document" | "tag" | "policy_arn";

export interface ChangeEdit {
  /** The policy document as JSON text (statement changes). */
  text: string;
  /** Tag changes. */
  key: string;
  value: string;
  /** Managed policy and permissions boundary changes. */
  policyArn: string;
  expiry: ExpiryValue;
}

export type EditField = "text" | "key" | "value" | "policyArn" | "expiry";

export type EditResult =
  | { spec: ChangeSpec; expiresAt: string | null; errors?: undefined }
  | { errors: Partial<Record<EditField, string>>; spec?: undefined };

/** How `spec` is edited; null for changes that are not edited here (new and cloned roles). */
export function editKind(spec: ChangeSpec): EditKind | null {
  switch (spec.type) {
    case "inline_policy":
    case "assume_role_policy":
    case "resource_policy":
    case "managed_policy_document":
      return "document";
    case "tag":
      return "tag";
    case "managed_policy":
    case "permissions_boundary":
      return "policy_arn";
    case "create_role":
    case "clone_role":
      return null;
  }
}

/** The policy check a change's document gets, as the policy editor checks it. */
export function checkKind(spec: ChangeSpec): PolicyCheckKind {
  if (spec.type === "assume_role_policy") return "trust";
  if (spec.type === "resource_policy") return "resource";
  return "identity";
}

/** The form as it opens: the change as it is now. */
export function startEdit(change: ChangeDetail): ChangeEdit {
  const { spec } = change;
  return {
    text: "policy_document" in spec ? policyText(spec.policy_document) : "",
    key: spec.type === "tag" ? spec.key : "",
    value: spec.type === "tag" ? (spec.value ?? "") : "",
    policyArn: "policy_arn" in spec ? spec.policy_arn : "",
    expiry: expiryValueFrom(change.expires_at),
  };
}

type SpecResult = { spec: ChangeSpec } | { errors: Partial<Record<EditField, string>> };

function editedSpec(spec: ChangeSpec, edit: ChangeEdit): SpecResult {
  switch (spec.type) {
    case "inline_policy":
    case "assume_role_policy":
    case "resource_policy":
    case "managed_policy_document": {
      const parsed = parsePolicyText(edit.text);
      if (parsed.error !== undefined) return { errors: { text: parsed.error } };
      return { spec: { ...spec, policy_document: withoutEmptySids(parsed.document) } };
    }
    case "tag": {
      const key = edit.key.trim();
      if (!key) return { errors: { key: "Enter a key." } };
      if (!isTagText(key)) return { errors: { key: TAG_TEXT_HINT } };
      if (spec.action === "remove") return { spec: { ...spec, key } };
      if (!isTagText(edit.value)) return { errors: { value: TAG_TEXT_HINT } };
      return { spec: { ...spec, key, value: edit.value } };
    }
    case "managed_policy":
    case "permissions_boundary": {
      const policyArn = edit.policyArn.trim();
      if (!isManagedPolicyArn(policyArn)) return { errors: { policyArn: POLICY_ARN_HINT } };
      return { spec: { ...spec, policy_arn: policyArn } };
    }
    case "create_role":
    case "clone_role":
      return { spec };
  }
}

/** The spec and expiry to send, or what to fix first (by field). */
export function editedChange(
  change: ChangeDetail,
  edit: ChangeEdit,
  nowMs = Date.now(),
): EditResult {
  const result = editedSpec(change.spec, edit);
  if ("errors" in result) return { errors: result.errors };
  if (!isGrant(result.spec)) return { spec: result.spec, expiresAt: null };
  const expiry = expiryIso(edit.expiry, nowMs);
  if (expiry.error !== undefined) return { errors: { expiry: expiry.error } };
  return { spec: result.spec, expiresAt: expiry.iso };
}
