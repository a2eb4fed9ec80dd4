import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import { useStoredState } from "./use-stored-state";

/** Page size and visible columns of one table, kept in this browser. */
export interface TablePreferences {
  pageSize: number;
  visibleColumns: string[];
}

export interface ColumnOption {
  id: string;
  label: string;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;

function validator(columns: readonly ColumnOption[]) {
  return (value: unknown): value is TablePreferences => {
    if (typeof value !== "object" || value === null) return false;
    const prefs = value as Record<string, unknown>;
    return (
      (PAGE_SIZES as readonly unknown[]).includes(prefs.pageSize) &&
      Array.isArray(prefs.visibleColumns) &&
      prefs.visibleColumns.every((id) => columns.some((option) => option.id === id))
    );
  };
}

/** Stored preferences under `storageKey`; values that no longer fit the columns are dropped. */
export function useTablePreferences(
  storageKey: string,
  columns: readonly ColumnOption[],
  defaultColumns: string[],
) {
  const defaults: TablePreferences = { pageSize: 50, visibleColumns: defaultColumns };
  return useStoredState(storageKey, defaults, validator(columns));
}

interface TablePreferencesButtonProps {
  preferences: TablePreferences;
  onChange: (preferences: TablePreferences) => void;
  columns: readonly ColumnOption[];
  /** Plural noun for page sizes, e.g. "events". */
  itemsLabel: string;
  /** Heading of the column choices, e.g. "Event properties". */
  columnsLabel: string;
}

export function TablePreferencesButton(props: TablePreferencesButtonProps) {
  const { preferences, onChange, columns, itemsLabel, columnsLabel } = props;
  return (
    <CollectionPreferences
      title="Preferences"
      confirmLabel="Confirm"
      cancelLabel="Cancel"
      preferences={{ pageSize: preferences.pageSize, visibleContent: preferences.visibleColumns }}
      pageSizePreference={{
        title: "Page size",
        options: PAGE_SIZES.map((size) => ({ value: size, label: `${size} ${itemsLabel}` })),
      }}
      visibleContentPreference={{
        title: "Columns",
        options: [{ label: columnsLabel, options: [...columns] }],
      }}
      onConfirm={({ detail }) =>
        onChange({
          pageSize: detail.pageSize ?? preferences.pageSize,
          visibleColumns: [...(detail.visibleContent ?? preferences.visibleColumns)],
        })
      }
    />
  );
}
