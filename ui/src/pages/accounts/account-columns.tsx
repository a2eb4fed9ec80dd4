import Box from "@cloudscape-design/components/box";
import Link from "@cloudscape-design/components/link";
import Popover from "@cloudscape-design/components/popover";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator, {
  type StatusIndicatorProps,
} from "@cloudscape-design/components/status-indicator";
import type { TableProps } from "@cloudscape-design/components/table";
import type { InventoryAccount } from "../../api/types";
import { formatUnixSeconds } from "../../lib/format-time";
import { formatRelativeSeconds } from "../../lib/relative-time";
import { AccountRefreshCell } from "./account-refresh-cell";

const STATE: Record<
  InventoryAccount["refresh_state"],
  { type: StatusIndicatorProps.Type; text: string }
> = {
  ok: { type: "success", text: "Up to date" },
  partial: { type: "warning", text: "Partly refreshed" },
  failed: { type: "error", text: "Failing" },
  never: { type: "pending", text: "Not refreshed yet" },
};

const PART_LABELS: Record<string, string> = {
  iam_role: "IAM roles",
  iam_user: "IAM users",
  managed_policy: "Managed policies",
  s3_bucket: "S3 buckets",
  sqs_queue: "SQS queues",
  sns_topic: "SNS topics",
  access_denied: "CloudTrail errors",
  organization: "Organization",
  accounts: "Account list",
};

function ErrorList({ account }: { account: InventoryAccount }) {
  return (
    <SpaceBetween size="m">
      {account.errors.map((failure) => (
        <div key={`${failure.type}-${failure.at}`} className="account-errors__item">
          <Box variant="strong">{PART_LABELS[failure.type] ?? failure.type}</Box>{" "}
          <Box variant="span" fontSize="body-s" color="text-body-secondary">
            {formatRelativeSeconds(failure.at)}
          </Box>
          <Box variant="p" fontSize="body-s">
            {failure.error}
          </Box>
        </div>
      ))}
    </SpaceBetween>
  );
}

/** The account's inventory state; the errors of its last refreshes in a popover. */
function InventoryState({ account }: { account: InventoryAccount }) {
  const { type, text } = STATE[account.refresh_state];
  const count = account.errors.length;
  return (
    <SpaceBetween direction="horizontal" size="xs">
      <StatusIndicator type={type}>{text}</StatusIndicator>
      {count > 0 && (
        <Popover
          header={`Refresh errors in ${account.name}`}
          size="large"
          triggerType="text"
          content={<ErrorList account={account} />}
        >
          <StatusIndicator type="error">
            {count} {count === 1 ? "error" : "errors"}
          </StatusIndicator>
        </Popover>
      )}
    </SpaceBetween>
  );
}

type Follow = (event: CustomEvent<{ href?: string; external?: boolean }>) => void;

export function accountColumns(
  onFollow: Follow,
  isAdmin: boolean,
): TableProps.ColumnDefinition<InventoryAccount>[] {
  const columns: TableProps.ColumnDefinition<InventoryAccount>[] = [
    {
      id: "name",
      header: "Account",
      cell: (account) => (
        <>
          <Link href={`/resources?account=${account.id}`} onFollow={onFollow}>
            {account.name}
          </Link>
          <Box variant="small" display="block" color="text-body-secondary">
            {account.id}
          </Box>
        </>
      ),
      isRowHeader: true,
    },
    {
      id: "environment",
      header: "Environment",
      cell: (account) => account.environment || <Box color="text-status-inactive">-</Box>,
    },
    {
      id: "ou_path",
      header: "OU path",
      cell: (account) => account.ou_path || <Box color="text-status-inactive">-</Box>,
    },
    {
      id: "status",
      header: "Status",
      cell: (account) =>
        account.status === "ACTIVE" ? (
          <StatusIndicator type="success">Active</StatusIndicator>
        ) : (
          <StatusIndicator type="stopped">{account.status.toLowerCase()}</StatusIndicator>
        ),
    },
    {
      id: "inventory",
      header: "Inventory",
      cell: (account) => <InventoryState account={account} />,
    },
    {
      id: "refreshed",
      header: "Last refresh",
      cell: (account) =>
        account.last_refreshed_at === null ? (
          <Box color="text-status-inactive">Never</Box>
        ) : (
          <span title={formatUnixSeconds(account.last_refreshed_at)}>
            {formatRelativeSeconds(account.last_refreshed_at)}
          </span>
        ),
    },
    {
      id: "resources",
      header: "Resources",
      cell: (account) => {
        const counts = Object.values(account.resource_counts);
        return counts.reduce((sum, count) => sum + count, 0).toLocaleString();
      },
    },
    {
      id: "scps",
      header: "SCPs",
      cell: (account) => (
        <Link href={`/accounts/${account.id}/service-control-policies`} onFollow={onFollow}>
          View SCPs
        </Link>
      ),
    },
  ];
  if (isAdmin) {
    columns.push({
      id: "actions",
      header: "Actions",
      cell: (account) => <AccountRefreshCell accountId={account.id} name={account.name} />,
      minWidth: 110,
    });
  }
  return columns;
}
