import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { RequestDetail } from "../../api/types";
import { RequestStatusIndicator } from "../../components/change-request/request-status";
import { formatIsoTime } from "../../lib/format-time";

/** "0 of 2 approvals", and why more than one is needed: the sensitive rules that raised it. */
function approvalsText(request: RequestDetail): string {
  const needed = request.required_approvals;
  const count = `${request.approvals.length} of ${needed} ${needed === 1 ? "approval" : "approvals"}`;
  const rules = request.sensitive_rules;
  return rules.length > 0 ? `${count} — sensitive: ${rules.join(", ")}` : count;
}

function Approvals({ request }: { request: RequestDetail }) {
  return (
    <SpaceBetween size="xxxs">
      <span
        title={
          request.sensitive_rules.length > 0
            ? "Sensitive changes need more approvals; these rules matched this request."
            : undefined
        }
      >
        {approvalsText(request)}
      </span>
      {request.approvals.map((approval) => (
        <Box key={`${approval.user}-${approval.at}`} variant="small" color="text-body-secondary">
          {approval.user === "auto" ? `Automatic (${approval.rule ?? "rule"})` : approval.user},{" "}
          {formatIsoTime(approval.at)}
        </Box>
      ))}
    </SpaceBetween>
  );
}

/** Who asked, why, when, the status and the approvals so far. */
export function RequestSummary({ request }: { request: RequestDetail }) {
  return (
    <Container header={<Header variant="h2">Request</Header>}>
      <SpaceBetween size="l">
        <KeyValuePairs
          columns={4}
          minColumnWidth={180}
          items={[
            { label: "Status", value: <RequestStatusIndicator status={request.status} /> },
            { label: "Requested by", value: request.requester },
            { label: "Submitted", value: formatIsoTime(request.created_at) },
            { label: "Approvals", value: <Approvals request={request} /> },
            {
              label: "Who may approve",
              value:
                request.approver_groups.length > 0
                  ? `Administrators, ${request.approver_groups.join(", ")}`
                  : "Administrators",
            },
            { label: "Last change", value: formatIsoTime(request.updated_at) },
          ]}
        />
        <KeyValuePairs
          columns={1}
          items={[
            {
              label: "Justification",
              value: <div className="request-page__text">{request.justification}</div>,
            },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}
