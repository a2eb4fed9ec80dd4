/**
 * The changes being written in the policy editor, and how they become a request's changes.
 * Policy texts hold the statements to add; a text left as its template adds nothing.
 */
import type { ChangeInput, ChangeSpec } from "../../api/types";
import type { EditTarget } from "../../lib/edit-target";
import { isGrant } from "../../lib/expiry";
import { isUntouched, parsePolicyText, policyText, withoutEmptySids } from "../../lib/policy-text";

export interface TagEdit {
  key: string;
  value: string;
}

export interface Draft {
  /** Inline policy the statements go into (existing or new). */
  inlineName: string;
  inlineText: string;
  trustText: string;
  resourceText: string;
  attach: string[];
  detach: string[];
  setTags: TagEdit[];
  removeTags: string[];
}

export interface Templates {
  inline: string;
  trust: string;
  resource: string;
}

/** The starting text of each editor for this target. */
export function templates(target: EditTarget): Templates {
  const resource = target.kind === "s3" ? [target.arn, `${target.arn}/*`] : [target.arn];
  return {
    inline: policyText({
      Version: "2012-10-17",
      Statement: [{ Sid: "", Effect: "Allow", Action: [], Resource: [] }],
    }),
    trust: policyText({
      Version: "2012-10-17",
      Statement: [{ Sid: "", Effect: "Allow", Principal: { AWS: [] }, Action: "sts:AssumeRole" }],
    }),
    resource: policyText({
      Version: "2012-10-17",
      Statement: [
        { Sid: "", Effect: "Allow", Principal: { AWS: [] }, Action: [], Resource: resource },
      ],
    }),
  };
}

export function emptyDraft(target: EditTarget): Draft {
  const start = templates(target);
  return {
    inlineName: "",
    inlineText: start.inline,
    trustText: start.trust,
    resourceText: start.resource,
    attach: [],
    detach: [],
    setTags: [],
    removeTags: [],
  };
}

/** A draft that starts from an earlier change (to extend a time-bound grant). */
export function draftFrom(target: EditTarget, spec: ChangeSpec): Draft {
  const draft = emptyDraft(target);
  if (spec.type === "inline_policy") {
    return { ...draft, inlineName: spec.policy_name, inlineText: policyText(spec.policy_document) };
  }
  if (spec.type === "assume_role_policy")
    return { ...draft, trustText: policyText(spec.policy_document) };
  if (spec.type === "resource_policy")
    return { ...draft, resourceText: policyText(spec.policy_document) };
  if (spec.type === "managed_policy" && spec.action !== "detach") {
    return { ...draft, attach: [spec.policy_arn] };
  }
  if (spec.type === "tag" && spec.action !== "remove") {
    return { ...draft, setTags: [{ key: spec.key, value: spec.value ?? "" }] };
  }
  return draft;
}

export interface DraftChanges {
  changes: ChangeSpec[];
  /** Why the draft cannot be submitted as it is (bad JSON, missing policy name). */
  problems: string[];
}

function statementChange(
  text: string,
  template: string,
  what: string,
  make: (document: Record<string, unknown>) => ChangeSpec,
  out: DraftChanges,
): void {
  if (isUntouched(text, template)) return;
  const parsed = parsePolicyText(text);
  if (parsed.error !== undefined) out.problems.push(`${what}: ${parsed.error}`);
  else out.changes.push(make(withoutEmptySids(parsed.document)));
}

/** The request's changes for this draft, in the order of the editor's tabs. */
export function draftChanges(draft: Draft, target: EditTarget): DraftChanges {
  const start = templates(target);
  const out: DraftChanges = { changes: [], problems: [] };
  const principal_arn = target.arn;
  if (target.kind === "role" || target.kind === "user") {
    statementChange(
      draft.inlineText,
      start.inline,
      "Inline policy",
      (policy_document) => {
        return {
          type: "inline_policy",
          principal_arn,
          policy_name: draft.inlineName.trim(),
          action: "add",
          policy_document,
        };
      },
      out,
    );
    if (out.changes.length > 0 && !draft.inlineName.trim()) {
      out.problems.push("Inline policy: choose a policy or name a new one.");
    }
    if (target.kind === "role") {
      statementChange(
        draft.trustText,
        start.trust,
        "Trust policy",
        (policy_document) => {
          return { type: "assume_role_policy", principal_arn, action: "add", policy_document };
        },
        out,
      );
    }
    for (const policy_arn of draft.attach) {
      out.changes.push({ type: "managed_policy", principal_arn, policy_arn, action: "attach" });
    }
    for (const policy_arn of draft.detach) {
      out.changes.push({ type: "managed_policy", principal_arn, policy_arn, action: "detach" });
    }
    for (const tag of draft.setTags) {
      out.changes.push({
        type: "tag",
        principal_arn,
        key: tag.key,
        value: tag.value,
        action: "add",
      });
    }
    for (const key of draft.removeTags) {
      out.changes.push({ type: "tag", principal_arn, key, action: "remove" });
    }
    return out;
  }
  statementChange(
    draft.resourceText,
    start.resource,
    "Resource policy",
    (policy_document) => {
      return {
        type: "resource_policy",
        resource_arn: target.arn,
        resource_type: target.kind as "s3" | "sqs" | "sns",
        action: "add",
        policy_document,
        ...(target.accountId ? { account_id: target.accountId } : {}),
      };
    },
    out,
  );
  return out;
}

/** The changes as the API takes them: grants carry the expiry, removals never do. */
export function changeInputs(
  changes: readonly ChangeSpec[],
  expiresAt: string | null,
): ChangeInput[] {
  return changes.map((spec) =>
    expiresAt && isGrant(spec) ? { spec, expires_at: expiresAt } : { spec },
  );
}
