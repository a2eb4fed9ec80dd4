import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { TableProps } from "@cloudscape-design/components/table";
import type { RoleMapping } from "../../api/types";
import { formatIsoTime } from "../../lib/format-time";

interface ColumnOptions {
  onEdit: (mapping: RoleMapping) => void;
  onDelete: (mapping: RoleMapping) => void;
}

function ArnList({ arns }: { arns: readonly string[] }) {
  if (arns.length === 0) return <Box color="text-status-inactive">None</Box>;
  return (
    <div>
      {arns.map((arn) => (
        <Box key={arn} variant="code" display="block" fontSize="body-s">
          {arn}
        </Box>
      ))}
    </div>
  );
}

export function mappingId(mapping: RoleMapping): string {
  return `${mapping.source}:${mapping.group}`;
}

/** Columns of the role mappings table; config mappings have no actions. */
export function roleMappingColumns({
  onEdit,
  onDelete,
}: ColumnOptions): TableProps.ColumnDefinition<RoleMapping>[] {
  return [
    {
      id: "group",
      header: "Group",
      cell: (m) => <Box fontWeight="bold">{m.group}</Box>,
      isRowHeader: true,
    },
    { id: "roles", header: "Roles (console and CLI)", cell: (m) => <ArnList arns={m.roles} /> },
    {
      id: "cli_only_roles",
      header: "CLI-only roles",
      cell: (m) => <ArnList arns={m.cli_only_roles} />,
    },
    {
      id: "source",
      header: "Source",
      cell: (m) =>
        m.source === "config" ? (
          <Badge>Config (read-only)</Badge>
        ) : (
          <Badge color="blue">Dynamic</Badge>
        ),
    },
    {
      id: "updated",
      header: "Last change",
      cell: (m) =>
        m.updated_at ? (
          <>
            <Box>{m.updated_by ?? "Unknown"}</Box>
            <Box variant="small" color="text-body-secondary">
              {formatIsoTime(m.updated_at)}
            </Box>
          </>
        ) : (
          <Box color="text-status-inactive">Settings file</Box>
        ),
    },
    {
      id: "actions",
      header: "Actions",
      cell: (m) =>
        m.source === "config" ? (
          <Box color="text-status-inactive" fontSize="body-s">
            Change it in the settings file
          </Box>
        ) : (
          <SpaceBetween direction="horizontal" size="xs">
            <Button ariaLabel={`Edit mapping of ${m.group}`} onClick={() => onEdit(m)}>
              Edit
            </Button>
            <Button ariaLabel={`Delete mapping of ${m.group}`} onClick={() => onDelete(m)}>
              Delete
            </Button>
          </SpaceBetween>
        ),
    },
  ];
}
