import DatePicker from "@cloudscape-design/components/date-picker";
import FormField from "@cloudscape-design/components/form-field";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TimeInput from "@cloudscape-design/components/time-input";
import { EXPIRY_OPTIONS, type ExpiryChoice, type ExpiryValue } from "../../lib/expiry";
import "./expiry-field.css";

interface ExpiryFieldProps {
  value: ExpiryValue;
  onChange: (value: ExpiryValue) => void;
  errorText: string | null;
}

/** How long what the request adds should last: for ever, a fixed time, or until a date. */
export function ExpiryField({ value, onChange, errorText }: ExpiryFieldProps) {
  const selected =
    EXPIRY_OPTIONS.find((option) => option.value === value.choice) ?? EXPIRY_OPTIONS[0];
  return (
    <SpaceBetween direction="horizontal" size="l" alignItems="start">
      <FormField
        label="Access ends"
        description="What this request adds is taken back automatically then; removals are permanent. Extending later is a new request."
        errorText={value.choice === "custom" ? null : errorText}
      >
        <div className="expiry-field__choice">
          <Select
            selectedOption={selected ?? null}
            options={EXPIRY_OPTIONS.map((option) => ({ ...option }))}
            onChange={({ detail }) =>
              onChange({
                ...value,
                choice: (detail.selectedOption.value ?? "none") as ExpiryChoice,
              })
            }
          />
        </div>
      </FormField>
      {value.choice === "custom" && (
        <FormField label="Date" description="In your time zone." errorText={errorText}>
          <DatePicker
            value={value.date}
            placeholder="YYYY/MM/DD"
            openCalendarAriaLabel={(date) => `Choose the expiry date${date ? `, ${date}` : ""}`}
            isDateEnabled={(date) => date >= new Date(new Date().toDateString())}
            onChange={({ detail }) => onChange({ ...value, date: detail.value })}
          />
        </FormField>
      )}
      {value.choice === "custom" && (
        <FormField label="Time" description="24-hour clock.">
          <TimeInput
            value={value.time}
            format="hh:mm"
            placeholder="hh:mm"
            onChange={({ detail }) => onChange({ ...value, time: detail.value })}
          />
        </FormField>
      )}
    </SpaceBetween>
  );
}
