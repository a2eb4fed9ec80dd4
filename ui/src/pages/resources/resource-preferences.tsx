import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import { useStoredState } from "../../components/use-stored-state";
import { COLUMN_OPTIONS, DEFAULT_COLUMNS } from "./resource-columns";

export interface ResourcePreferences {
  pageSize: number;
  visibleColumns: string[];
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const STORAGE_KEY = "consoleme.resources.preferences";
const DEFAULTS: ResourcePreferences = { pageSize: 50, visibleColumns: DEFAULT_COLUMNS };

function isPreferences(value: unknown): value is ResourcePreferences {
  if (typeof value !== "object" || value === null) return false;
  const prefs = value as Record<string, unknown>;
  return (
    (PAGE_SIZES as readonly unknown[]).includes(prefs.pageSize) &&
    Array.isArray(prefs.visibleColumns) &&
    prefs.visibleColumns.every((id) => COLUMN_OPTIONS.some((option) => option.id === id))
  );
}

/** Page size and visible columns of the resources table, kept in this browser. */
export function useResourcePreferences() {
  return useStoredState(STORAGE_KEY, DEFAULTS, isPreferences);
}

interface ResourcePreferencesProps {
  preferences: ResourcePreferences;
  onChange: (preferences: ResourcePreferences) => void;
}

export function ResourcePreferencesButton({ preferences, onChange }: ResourcePreferencesProps) {
  return (
    <CollectionPreferences
      title="Preferences"
      confirmLabel="Confirm"
      cancelLabel="Cancel"
      preferences={{ pageSize: preferences.pageSize, visibleContent: preferences.visibleColumns }}
      pageSizePreference={{
        title: "Page size",
        options: PAGE_SIZES.map((size) => ({ value: size, label: `${size} resources` })),
      }}
      visibleContentPreference={{
        title: "Columns",
        options: [{ label: "Resource properties", options: COLUMN_OPTIONS }],
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
