import {
  TablePreferencesButton,
  type TablePreferences,
  useTablePreferences,
} from "../../components/table-preferences";
import { auditColumns } from "./audit-columns";

export type AuditPreferences = TablePreferences;

const COLUMN_OPTIONS = auditColumns.map((c) => ({ id: c.id ?? "", label: String(c.header) }));

/** Page size and visible columns of the audit log, kept in this browser. */
export function useAuditPreferences() {
  const all = COLUMN_OPTIONS.map((c) => c.id);
  return useTablePreferences("consoleme.audit.preferences", COLUMN_OPTIONS, all);
}

interface AuditPreferencesProps {
  preferences: AuditPreferences;
  onChange: (preferences: AuditPreferences) => void;
}

export function AuditPreferencesButton({ preferences, onChange }: AuditPreferencesProps) {
  return (
    <TablePreferencesButton
      preferences={preferences}
      onChange={onChange}
      columns={COLUMN_OPTIONS}
      itemsLabel="events"
      columnsLabel="Event properties"
    />
  );
}
