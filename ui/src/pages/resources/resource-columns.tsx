import Badge, { type BadgeProps } from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Link from "@cloudscape-design/components/link";
import type { TableProps } from "@cloudscape-design/components/table";
import type { ResourceSearchResult, ResourceType } from "../../api/types";
import { RESOURCE_LABELS, resourcePath } from "../../lib/resource-paths";

const BADGE_COLORS: Record<ResourceType, BadgeProps["color"]> = {
  iam_role: "blue",
  iam_user: "blue",
  managed_policy: "grey",
  s3_bucket: "green",
  sqs_queue: "green",
  sns_topic: "green",
};

export function TypeBadge({ type }: { type: ResourceType }) {
  return <Badge color={BADGE_COLORS[type]}>{RESOURCE_LABELS[type]}</Badge>;
}

function TagsCell({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Box color="text-status-inactive">-</Box>;
  const shown = entries.slice(0, 2).map(([key, value]) => `${key}: ${value}`);
  const more = entries.length - shown.length;
  return (
    <span title={entries.map(([key, value]) => `${key}: ${value}`).join("\n")}>
      {shown.join(", ")}
      {more > 0 && <Box variant="span" color="text-body-secondary">{` +${more} more`}</Box>}
    </span>
  );
}

type Follow = (event: CustomEvent<{ href?: string; external?: boolean }>) => void;

/** The resources table's columns; links follow through the router (`onFollow`). */
export function resourceColumns(
  onFollow: Follow,
): TableProps.ColumnDefinition<ResourceSearchResult>[] {
  return [
    {
      id: "name",
      header: "Name",
      cell: (item) => (
        <Link href={resourcePath(item)} onFollow={onFollow}>
          {item.name}
        </Link>
      ),
      isRowHeader: true,
      width: 240,
    },
    { id: "type", header: "Type", cell: (item) => <TypeBadge type={item.type} />, width: 140 },
    {
      id: "account",
      header: "Account",
      cell: (item) =>
        item.account_name ? (
          <>
            {item.account_name}
            <Box variant="small" display="block" color="text-body-secondary">
              {item.account_id}
            </Box>
          </>
        ) : (
          item.account_id
        ),
      width: 160,
    },
    {
      id: "region",
      header: "Region",
      cell: (item) => item.region || <Box color="text-status-inactive">Global</Box>,
      width: 110,
    },
    {
      id: "arn",
      header: "ARN",
      cell: (item) => <Box variant="small">{item.arn}</Box>,
      minWidth: 240,
    },
    { id: "tags", header: "Tags", cell: (item) => <TagsCell tags={item.tags} /> },
  ];
}

export const COLUMN_OPTIONS = [
  { id: "name", label: "Name", editable: false },
  { id: "type", label: "Type" },
  { id: "account", label: "Account" },
  { id: "region", label: "Region" },
  { id: "arn", label: "ARN" },
  { id: "tags", label: "Tags" },
];

export const DEFAULT_COLUMNS = ["name", "type", "account", "region", "arn"];
