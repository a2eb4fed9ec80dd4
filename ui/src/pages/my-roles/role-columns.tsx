import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { TableProps } from "@cloudscape-design/components/table";
import { consoleSignInPath } from "../../lib/role-arn";
import { CliCommandsPopover } from "./cli-commands-popover";
import { accountLabel, type RoleItemRow, type RoleRow } from "./role-rows";

interface ColumnOptions {
  onToggleFavorite: (arn: string, favorite: boolean) => void;
}

function formatDuration(seconds: number): string {
  const hours = seconds / 3600;
  if (Number.isInteger(hours)) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

function RoleCell({ row, onToggleFavorite }: { row: RoleItemRow } & ColumnOptions) {
  const { role } = row;
  return (
    <div className="my-roles__role">
      <Button
        variant="icon"
        iconName={role.favorite ? "star-filled" : "star"}
        ariaLabel={`${role.favorite ? "Remove from" : "Add to"} favorites: ${role.role_name}`}
        onClick={() => onToggleFavorite(role.arn, !role.favorite)}
      />
      <div>
        <Box fontWeight="bold">{role.role_name}</Box>
        <Box variant="small" color="text-body-secondary">
          {row.showAccount && `${accountLabel(role)} · `}
          {role.arn}
        </Box>
      </div>
    </div>
  );
}

function GroupCell({
  title,
  accountId,
  count,
}: {
  title: string;
  accountId: string | null;
  count: number;
}) {
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <Box fontWeight="bold">{title}</Box>
      {accountId !== null && title !== accountId && (
        <Box color="text-body-secondary">{accountId}</Box>
      )}
      <Box color="text-status-inactive" fontSize="body-s">
        ({count} {count === 1 ? "role" : "roles"})
      </Box>
    </SpaceBetween>
  );
}

/** Columns of the roles table; group rows fill only the first. */
export function roleColumns(options: ColumnOptions): TableProps.ColumnDefinition<RoleRow>[] {
  return [
    {
      id: "role",
      header: "Role",
      cell: (row) =>
        row.kind === "group" ? (
          <GroupCell title={row.title} accountId={row.accountId} count={row.children.length} />
        ) : (
          <RoleCell row={row} {...options} />
        ),
      isRowHeader: true,
    },
    {
      id: "console",
      header: "Console",
      cell: (row) =>
        row.kind === "group" ? null : row.role.cli_only ? (
          <Badge>CLI only</Badge>
        ) : (
          <Button
            href={consoleSignInPath(row.role.arn)}
            target="_blank"
            iconName="external"
            iconAlign="right"
            wrapText={false}
            ariaLabel={`Sign in to the AWS console as ${row.role.role_name} (opens a new tab)`}
          >
            Sign in
          </Button>
        ),
      minWidth: 130,
    },
    {
      id: "cli",
      header: "Command line",
      cell: (row) =>
        row.kind === "group" ? null : (
          <CliCommandsPopover arn={row.role.arn} roleName={row.role.role_name} />
        ),
      minWidth: 210,
    },
    {
      id: "session",
      header: "Max session",
      cell: (row) => (row.kind === "group" ? null : formatDuration(row.role.max_session_duration)),
      minWidth: 120,
    },
  ];
}
