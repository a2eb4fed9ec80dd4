import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import { useMemo } from "react";

interface KeyValueTableProps {
  title: string;
  entries: Record<string, string>;
  keyLabel?: string;
  empty: string;
}

interface Row {
  key: string;
  value: string;
}

/** A sorted two-column table of a string map: tags, queue or topic attributes. */
export function KeyValueTable({ title, entries, keyLabel = "Key", empty }: KeyValueTableProps) {
  const rows = useMemo<Row[]>(
    () =>
      Object.entries(entries)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ key, value })),
    [entries],
  );
  return (
    <Table
      variant="container"
      header={
        <Header variant="h2" counter={`(${rows.length})`}>
          {title}
        </Header>
      }
      ariaLabels={{ tableLabel: title }}
      items={rows}
      trackBy="key"
      wrapLines
      columnDefinitions={[
        { id: "key", header: keyLabel, cell: (row) => row.key, width: 280 },
        {
          id: "value",
          header: "Value",
          cell: (row) => row.value || <Box color="text-status-inactive">(empty)</Box>,
        },
      ]}
      empty={
        <Box textAlign="center" color="inherit" padding="m">
          {empty}
        </Box>
      }
    />
  );
}
