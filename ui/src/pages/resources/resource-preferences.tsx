import {
  TablePreferencesButton,
  type TablePreferences,
  useTablePreferences,
} from "../../components/table-preferences";
import { COLUMN_OPTIONS, DEFAULT_COLUMNS } from "./resource-columns";

export type ResourcePreferences = TablePreferences;

/** Page size and visible columns of the resources table, kept in this browser. */
export function useResourcePreferences() {
  return useTablePreferences("consoleme.resources.preferences", COLUMN_OPTIONS, DEFAULT_COLUMNS);
}

interface ResourcePreferencesProps {
  preferences: ResourcePreferences;
  onChange: (preferences: ResourcePreferences) => void;
}

export function ResourcePreferencesButton({ preferences, onChange }: ResourcePreferencesProps) {
  return (
    <TablePreferencesButton
      preferences={preferences}
      onChange={onChange}
      columns={COLUMN_OPTIONS}
      itemsLabel="resources"
      columnsLabel="Resource properties"
    />
  );
}
