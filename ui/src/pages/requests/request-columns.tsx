import Box from "@cloudscape-design/components/box";
import Link from "@cloudscape-design/components/link";
import type { TableProps } from "@cloudscape-design/components/table";
import type { RequestSummary } from "../../api/types";
import { RequestStatusIndicator } from "../../components/change-request/request-status";
import { arnName, changeTypeLabel } from "../../lib/change-summary";
import { formatIsoTime, formatIsoTimeShort } from "../../lib/format-time";
import { formatTimeLeft } from "../../lib/time-left";

type Follow = (event: CustomEvent<{ href?: string; external?: boolean }>) => void;

const NONE = <Box color="text-status-inactive">-</Box>;

function Target({ request }: { request: RequestSummary }) {
  const more = request.change_count - 1;
  return (
    <span title={request.arn}>
      <Box>{arnName(request.arn)}</Box>
      <Box variant="small" color="text-body-secondary">
        {request.change_types.map(changeTypeLabel).join(", ")}
        {more > 0 && ` · ${request.change_count} changes`}
      </Box>
    </span>
  );
}

/** A time-bound grant: how long until it is taken back. */
export function TimeLeft({ expiresAt }: { expiresAt: string | null }) {
  const text = expiresAt ? formatTimeLeft(expiresAt) : null;
  if (!expiresAt || !text) return NONE;
  return (
    <span title={`Expires ${formatIsoTime(expiresAt)}`}>
      <Box color={text === "expired" ? "text-status-inactive" : "inherit"}>{text}</Box>
    </span>
  );
}

function Account({ id, name }: { id: string; name: string | undefined }) {
  if (!id) return NONE;
  if (!name || name === id) return <>{id}</>;
  return (
    <>
      {name}
      <Box variant="small" display="block" color="text-body-secondary">
        {id}
      </Box>
    </>
  );
}

/**
 * Columns of the requests table; the request link follows through the router, and accounts
 * show their names where `accountNames` knows them.
 */
export function requestColumns(
  onFollow: Follow,
  accountNames: ReadonlyMap<string, string>,
): TableProps.ColumnDefinition<RequestSummary>[] {
  return [
    {
      id: "request",
      header: "Request",
      cell: (request) => (
        <Link href={`/requests/${request.id}`} onFollow={onFollow}>
          {request.justification || request.id}
        </Link>
      ),
      isRowHeader: true,
      minWidth: 220,
    },
    {
      id: "status",
      header: "Status",
      cell: (request) => <RequestStatusIndicator status={request.status} />,
    },
    {
      id: "target",
      header: "Target",
      cell: (request) => <Target request={request} />,
      minWidth: 200,
    },
    {
      id: "account",
      header: "Account",
      cell: (request) => (
        <Account id={request.account_id} name={accountNames.get(request.account_id)} />
      ),
    },
    { id: "requester", header: "Requester", cell: (request) => request.requester },
    {
      id: "created",
      header: "Submitted",
      cell: (request) => (
        <span title={formatIsoTime(request.created_at)}>
          {formatIsoTimeShort(request.created_at)}
        </span>
      ),
    },
    {
      id: "time_left",
      header: "Time left",
      cell: (request) => <TimeLeft expiresAt={request.next_expiry} />,
    },
  ];
}
