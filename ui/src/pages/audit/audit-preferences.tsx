import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import { useStoredState } from "../../components/use-stored-state";
import { auditColumns } from "./audit-columns";

export interface AuditPreferences {
  pageSize: number;
  visibleColumns: string[];
}

const PAGE_SIZES = [25, 50, 100, 200] as const;
const STORAGE_KEY = "consoleme.audit.preferences";
const COLUMN_OPTIONS = auditColumns.map((c) => ({ id: c.id ?? "", label: String(c.header) }));
const DEFAULTS: AuditPreferences = {
  pageSize: 50,
  visibleColumns: COLUMN_OPTIONS.map((c) => c.id),
};

function isPreferences(value: unknown): value is AuditPreferences {
  if (typeof value !== "object" || value === null) return false;
  const prefs = value as Record<string, unknown>;
  return (
    (PAGE_SIZES as readonly unknown[]).includes(prefs.pageSize) &&
    Array.isArray(prefs.visibleColumns) &&
    prefs.visibleColumns.every((id) => COLUMN_OPTIONS.some((option) => option.id === id))
  );
}

/** Page size and visible columns of the audit log, kept in this browser. */
export function useAuditPreferences() {
  return useStoredState(STORAGE_KEY, DEFAULTS, isPreferences);
}

interface AuditPreferencesProps {
  preferences: AuditPreferences;
  onChange: (preferences: AuditPreferences) => void;
}

export function AuditPreferencesButton({ preferences, onChange }: AuditPreferencesProps) {
  return (
    <CollectionPreferences
      title="Preferences"
      confirmLabel="Confirm"
      cancelLabel="Cancel"
      preferences={{ pageSize: preferences.pageSize, visibleContent: preferences.visibleColumns }}
      pageSizePreference={{
        title: "Page size",
        options: PAGE_SIZES.map((size) => ({ value: size, label: `${size} events` })),
      }}
      visibleContentPreference={{
        title: "Columns",
        options: [{ label: "Event properties", options: COLUMN_OPTIONS }],
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
