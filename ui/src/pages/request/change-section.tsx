import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs, {
  type KeyValuePairsProps,
} from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useNavigate } from "react-router";
import type { ChangeDetail } from "../../api/types";
import { ChangeStatusIndicator } from "../../components/change-request/request-status";
import { FindingList } from "../../components/change-request/finding-list";
import { PolicyDiff } from "../../components/policy-viewer/policy-diff";
import { changeSummary, changeTypeLabel } from "../../lib/change-summary";
import { policyEditorPath, type EditorState } from "../../lib/edit-target";
import { formatIsoTime } from "../../lib/format-time";
import { formatTimeLeft } from "../../lib/time-left";
import { editKind } from "./change-edit";
import { TerraformSnippet } from "./terraform-snippet";

interface ChangeSectionProps {
  change: ChangeDetail;
  canApply: boolean;
  /** The user may edit the request's pending changes (`update_change`). */
  canEdit: boolean;
  applying: boolean;
  busy: boolean;
  onApply: () => void;
  onEdit: () => void;
}

/** When a time-bound grant ends, and (once applied) how long is left. */
function Expiry({ change }: { change: ChangeDetail }) {
  if (!change.expires_at) return <>Does not expire</>;
  const left = change.status === "applied" ? formatTimeLeft(change.expires_at) : null;
  return (
    <SpaceBetween size="xxxs">
      <span>{formatIsoTime(change.expires_at)}</span>
      {left && <Box variant="strong">{left}</Box>}
    </SpaceBetween>
  );
}

function details(change: ChangeDetail): KeyValuePairsProps.Item[] {
  const items: KeyValuePairsProps.Item[] = [
    { label: "Type", value: changeTypeLabel(change.spec.type) },
    { label: "Access ends", value: <Expiry change={change} /> },
  ];
  if (change.applied_at) items.push({ label: "Applied", value: formatIsoTime(change.applied_at) });
  if (change.expired_at)
    items.push({ label: "Taken back", value: formatIsoTime(change.expired_at) });
  return items;
}

/** One change: what it does, its before/after diff, its findings and its Terraform. */
export function ChangeSection(props: ChangeSectionProps) {
  const { change, canApply, canEdit, applying, busy, onApply, onEdit } = props;
  const navigate = useNavigate();
  const summary = changeSummary(change.spec);
  const appliedGrant = change.status === "applied" && change.expires_at !== null;
  return (
    <ExpandableSection
      variant="container"
      defaultExpanded
      headerText={summary}
      headerDescription={change.target_arn}
      headerInfo={<ChangeStatusIndicator status={change.status} />}
      headerActions={
        <SpaceBetween direction="horizontal" size="xs">
          {appliedGrant && (
            <Button
              href={policyEditorPath(change.target_arn, change.account_id)}
              onFollow={(event) => {
                // The editor starts from this change: extending a grant is a new request.
                event.preventDefault();
                const state: EditorState = { prefill: change.spec };
                void navigate(policyEditorPath(change.target_arn, change.account_id), { state });
              }}
            >
              Request an extension
            </Button>
          )}
          {canEdit && change.status === "pending" && editKind(change.spec) !== null && (
            <Button disabled={busy} onClick={onEdit} ariaLabel={`Edit: ${summary}`}>
              Edit
            </Button>
          )}
          {canApply && (change.status === "approved" || change.status === "failed") && (
            <Button
              loading={applying}
              disabled={busy && !applying}
              onClick={onApply}
              ariaLabel={`Apply: ${summary}`}
            >
              {change.status === "failed" ? "Retry apply" : "Apply"}
            </Button>
          )}
        </SpaceBetween>
      }
    >
      <SpaceBetween size="l">
        {change.error && (
          <Alert type="error" header="Applying this change failed">
            {change.error}
          </Alert>
        )}
        <KeyValuePairs columns={4} minColumnWidth={160} items={details(change)} />
        <SpaceBetween size="xs">
          <Header variant="h3" description="The target as it is now, and with this change made.">
            Before and after
          </Header>
          <PolicyDiff before={change.before} after={change.after} label={summary} />
        </SpaceBetween>
        <SpaceBetween size="xs">
          <Header variant="h3" counter={`(${change.findings.length})`}>
            Findings
          </Header>
          <FindingList
            findings={change.findings}
            empty="The policy check found nothing to point out."
            label={`Findings: ${summary}`}
          />
        </SpaceBetween>
        <ExpandableSection headerText="Terraform" variant="footer">
          <TerraformSnippet code={change.terraform} label={`Terraform: ${summary}`} />
        </ExpandableSection>
      </SpaceBetween>
    </ExpandableSection>
  );
}
