import DateRangePicker, {
  type DateRangePickerProps,
} from "@cloudscape-design/components/date-range-picker";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { PickedRange } from "../../lib/time-range";

export interface AuditFilterFields {
  user: string;
  role: string;
  range: PickedRange | null;
}

interface AuditFiltersProps {
  value: AuditFilterFields;
  onChange: (value: AuditFilterFields) => void;
  /** Only admins may look at other users' events. */
  canFilterUsers: boolean;
}

const RELATIVE_OPTIONS: DateRangePickerProps.RelativeOption[] = [
  { key: "last-1-hour", amount: 1, unit: "hour", type: "relative" },
  { key: "last-24-hours", amount: 24, unit: "hour", type: "relative" },
  { key: "last-7-days", amount: 7, unit: "day", type: "relative" },
  { key: "last-30-days", amount: 30, unit: "day", type: "relative" },
];

function checkRange(
  range: DateRangePickerProps.Value | null,
): DateRangePickerProps.ValidationResult {
  if (range?.type === "absolute") {
    if (!range.startDate || !range.endDate) {
      return { valid: false, errorMessage: "Choose a start and an end." };
    }
    if (new Date(range.startDate) > new Date(range.endDate)) {
      return { valid: false, errorMessage: "The start must be before the end." };
    }
  }
  return { valid: true };
}

/** User, role and time range filters of the audit log. */
export function AuditFilters({ value, onChange, canFilterUsers }: AuditFiltersProps) {
  return (
    <SpaceBetween direction="horizontal" size="xs">
      {canFilterUsers && (
        <Input
          type="search"
          value={value.user}
          placeholder="User (exact e-mail)"
          ariaLabel="Filter by user"
          onChange={({ detail }) => onChange({ ...value, user: detail.value })}
        />
      )}
      <Input
        type="search"
        value={value.role}
        placeholder="Role ARN"
        ariaLabel="Filter by role ARN"
        onChange={({ detail }) => onChange({ ...value, role: detail.value })}
      />
      <DateRangePicker
        value={value.range}
        relativeOptions={RELATIVE_OPTIONS}
        isValidRange={checkRange}
        placeholder="Any time"
        ariaLabel="Filter by time"
        onChange={({ detail }) => onChange({ ...value, range: detail.value as PickedRange | null })}
      />
    </SpaceBetween>
  );
}
