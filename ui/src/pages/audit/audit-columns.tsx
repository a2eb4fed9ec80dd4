import Box from "@cloudscape-design/components/box";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { TableProps } from "@cloudscape-design/components/table";
import type { AuditEvent } from "../../api/types";
import { formatIsoTime, formatIsoTimeShort } from "../../lib/format-time";
import { parseRoleArn } from "../../lib/role-arn";

const ACTIONS: Record<AuditEvent["action"], string> = {
  credentials: "Credentials",
  console_login: "Console sign-in",
  cli_login: "CLI sign-in",
};

const CLIENTS: Record<AuditEvent["client_kind"], string> = {
  weep: "weep",
  cme: "cme",
  browser: "Browser",
  other: "Other",
};

const NONE = <Box color="text-status-inactive">-</Box>;

function Role({ event }: { event: AuditEvent }) {
  const parts = event.role_arn ? parseRoleArn(event.role_arn) : null;
  if (parts) {
    return (
      <span title={event.role_arn ?? undefined}>
        <Box>{parts.roleName}</Box>
        <Box variant="small" color="text-body-secondary">
          {parts.accountId}
        </Box>
      </span>
    );
  }
  if (event.requested_role) {
    return (
      <span title="What was asked for (no role was resolved)">
        <Box variant="code">{event.requested_role}</Box>
      </span>
    );
  }
  return NONE;
}

function Result({ event }: { event: AuditEvent }) {
  if (event.outcome === "issued") {
    return <StatusIndicator type="success">Issued</StatusIndicator>;
  }
  return (
    <span title={event.message}>
      <StatusIndicator type="error">Refused{event.code ? ` (${event.code})` : ""}</StatusIndicator>
      <Box variant="small" color="text-body-secondary" display="block">
        {event.message}
      </Box>
    </span>
  );
}

/** Columns of the audit log table. */
export const auditColumns: TableProps.ColumnDefinition<AuditEvent>[] = [
  {
    id: "time",
    header: "Time",
    cell: (e) => (
      <time dateTime={e.time} title={formatIsoTime(e.time)}>
        {formatIsoTimeShort(e.time)}
      </time>
    ),
    width: 150,
  },
  { id: "user", header: "User", cell: (e) => e.user, isRowHeader: true, width: 190 },
  { id: "action", header: "Action", cell: (e) => ACTIONS[e.action] ?? e.action, width: 140 },
  { id: "role", header: "Role", cell: (e) => <Role event={e} />, width: 190 },
  { id: "result", header: "Result", cell: (e) => <Result event={e} />, width: 200 },
  {
    id: "client",
    header: "Client",
    cell: (e) => <span title={e.user_agent}>{CLIENTS[e.client_kind] ?? e.client_kind}</span>,
    width: 100,
  },
  { id: "source_ip", header: "Source IP", cell: (e) => e.source_ip, width: 130 },
  {
    id: "ip_restricted",
    header: "IP-restricted",
    cell: (e) => (e.ip_restricted === null ? NONE : e.ip_restricted ? "Yes" : "No"),
    width: 120,
  },
  {
    id: "request_id",
    header: "Request ID",
    cell: (e) => (
      <CopyToClipboard
        variant="inline"
        textToCopy={e.request_id}
        wrapText={false}
        copyButtonAriaLabel={`Copy request ID ${e.request_id}`}
        copySuccessText="Request ID copied"
        copyErrorText="Could not copy the request ID"
      />
    ),
    width: 180,
  },
];
