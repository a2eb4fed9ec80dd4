import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { AttachedPolicy } from "../../api/types";
import { useSession } from "../../app/session";
import type { EditTarget } from "../../lib/edit-target";
import { InlinePolicyTab } from "./inline-policy-tab";
import { ManagedPoliciesTab } from "./managed-policies-tab";
import { templates } from "./policy-draft";
import { StatementsTab } from "./statements-tab";
import { SubmitPanel } from "./submit-panel";
import { TagsTab } from "./tags-tab";
import { targetPagePath } from "./target-page-path";
import { useRequestDraft } from "./use-request-draft";

/** What the editor needs of a role or user, as the inventory has it. */
export interface Principal {
  inline_policies: Record<string, Record<string, unknown>>;
  managed_policies: AttachedPolicy[];
  tags: Record<string, string>;
  /** Roles only. */
  assume_role_policy?: Record<string, unknown> | null;
}

const TAB_OF: Record<string, string> = {
  inline_policy: "inline",
  assume_role_policy: "trust",
  managed_policy: "managed",
  tag: "tags",
};

/** Tabs for a role's or user's inline policies, trust policy, managed policies and tags. */
export function PrincipalEditor({
  target,
  principal,
}: {
  target: EditTarget;
  principal: Principal;
}) {
  const profile = useSession();
  const navigate = useNavigate();
  const { draft, update, prefillType, panel } = useRequestDraft(target);
  const [tab, setTab] = useState(TAB_OF[prefillType ?? ""] ?? "inline");
  const start = templates(target);

  const tabs = [
    {
      id: "inline",
      label: "Inline policies",
      content: (
        <InlinePolicyTab
          targetArn={target.arn}
          existing={principal.inline_policies}
          name={draft.inlineName}
          text={draft.inlineText}
          template={start.inline}
          onName={(inlineName) => update({ inlineName })}
          onText={(inlineText) => update({ inlineText })}
        />
      ),
    },
    ...(target.kind === "role"
      ? [
          {
            id: "trust",
            label: "Trust policy",
            content: (
              <StatementsTab
                what="trust policy"
                kind="trust"
                targetArn={target.arn}
                current={principal.assume_role_policy ?? null}
                text={draft.trustText}
                template={start.trust}
                onText={(trustText) => update({ trustText })}
              />
            ),
          },
        ]
      : []),
    {
      id: "managed",
      label: "Managed policies",
      content: (
        <ManagedPoliciesTab
          accountId={target.accountId}
          attached={principal.managed_policies}
          attach={draft.attach}
          detach={draft.detach}
          onAttach={(attach) => update({ attach })}
          onDetach={(detach) => update({ detach })}
        />
      ),
    },
    {
      id: "tags",
      label: "Tags",
      content: (
        <TagsTab
          tags={principal.tags}
          setTags={draft.setTags}
          removeTags={draft.removeTags}
          onSet={(setTags) => update({ setTags })}
          onRemove={(removeTags) => update({ removeTags })}
        />
      ),
    },
  ];

  return (
    <SpaceBetween size="l">
      <Tabs
        variant="container"
        ariaLabel="What to change"
        activeTabId={tab}
        onChange={({ detail }) => setTab(detail.activeTabId)}
        tabs={tabs}
      />
      <SubmitPanel
        {...panel}
        isAdmin={profile.is_admin}
        onCancel={() => void navigate(targetPagePath(target) ?? "/requests")}
      />
    </SpaceBetween>
  );
}
