import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import type { DevUser } from "../../api/types";

interface DevUsersTableProps {
  users: DevUser[];
  /** The user whose sign-in is under way, if any. */
  pendingUser: string | null;
  onSignIn: (user: DevUser) => void;
}

function columns(
  pendingUser: string | null,
  onSignIn: (user: DevUser) => void,
): TableProps.ColumnDefinition<DevUser>[] {
  return [
    {
      id: "user",
      header: "User",
      minWidth: 180,
      cell: (item) => (
        <div>
          <Box fontWeight="bold">{item.user}</Box>
          {item.description && (
            <Box variant="small" color="text-body-secondary">
              {item.description}
            </Box>
          )}
        </div>
      ),
    },
    {
      id: "groups",
      header: "Groups",
      cell: (item) =>
        item.groups.length === 0 ? (
          <Box color="text-status-inactive">No groups</Box>
        ) : (
          <SpaceBetween direction="horizontal" size="xxs">
            {item.groups.map((group) => (
              <Badge key={group}>{group}</Badge>
            ))}
          </SpaceBetween>
        ),
    },
    {
      id: "action",
      header: <span className="sign-in-page__visually-hidden">Action</span>,
      cell: (item) => (
        <Button
          ariaLabel={`Sign in as ${item.user}`}
          wrapText={false}
          loading={pendingUser === item.user}
          disabled={pendingUser !== null && pendingUser !== item.user}
          onClick={() => onSignIn(item)}
        >
          Sign in
        </Button>
      ),
    },
  ];
}

/** The configured development users, each one click away. */
export function DevUsersTable({ users, pendingUser, onSignIn }: DevUsersTableProps) {
  return (
    <Table
      variant="embedded"
      items={users}
      trackBy="user"
      stickyColumns={{ first: 0, last: 1 }}
      columnDefinitions={columns(pendingUser, onSignIn)}
      ariaLabels={{ tableLabel: "Development users" }}
      empty={<Box color="text-status-inactive">No development users are configured.</Box>}
    />
  );
}
