import { describe, expect, it } from "vitest";
import { parseEditTarget } from "../../lib/edit-target";
import { changeInputs, draftChanges, draftFrom, emptyDraft } from "./policy-draft";

const ROLE = "arn:aws:iam::111122223333:role/app-reader";
const target = parseEditTarget(ROLE);
if (!target) throw new Error("bad test target");

describe("draftChanges", () => {
  it("adds nothing for untouched templates", () => {
    expect(draftChanges(emptyDraft(target), target)).toEqual({ changes: [], problems: [] });
  });

  it("names what is wrong", () => {
    const draft = { ...emptyDraft(target), inlineText: "{", trustText: '{"Statement": []}' };
    const { changes, problems } = draftChanges(draft, target);
    expect(problems[0]).toMatch(/^Inline policy: Not valid JSON/);
    expect(changes).toEqual([
      {
        type: "assume_role_policy",
        principal_arn: ROLE,
        action: "add",
        policy_document: { Statement: [] },
      },
    ]);

    const unnamed = { ...emptyDraft(target), inlineText: '{"Statement": []}' };
    expect(draftChanges(unnamed, target).problems).toEqual([
      "Inline policy: choose a policy or name a new one.",
    ]);
  });

  it("starts from an earlier change to extend it", () => {
    const spec = {
      type: "inline_policy" as const,
      principal_arn: ROLE,
      policy_name: "reports",
      policy_document: { Statement: [{ Sid: "A" }] },
    };
    const draft = draftFrom(target, spec);
    expect(draftChanges(draft, target).changes).toEqual([{ ...spec, action: "add" }]);
  });
});

describe("changeInputs", () => {
  it("puts the expiry on grants only", () => {
    const attach = {
      type: "managed_policy" as const,
      principal_arn: ROLE,
      policy_arn: "arn:aws:iam::aws:policy/X",
    };
    const detach = { ...attach, action: "detach" as const };
    const removeTag = {
      type: "tag" as const,
      principal_arn: ROLE,
      key: "k",
      action: "remove" as const,
    };
    expect(changeInputs([attach, detach, removeTag], "2026-01-01T00:00:00.000Z")).toEqual([
      { spec: attach, expires_at: "2026-01-01T00:00:00.000Z" },
      { spec: detach },
      { spec: removeTag },
    ]);
    expect(changeInputs([attach], null)).toEqual([{ spec: attach }]);
  });
});
