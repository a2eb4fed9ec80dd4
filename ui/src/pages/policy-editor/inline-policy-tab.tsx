import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { PolicyViewer } from "../../components/policy-viewer/policy-viewer";
import { StatementEditor } from "../../components/policy-editor/statement-editor";

const NEW: SelectProps.Option = { value: "", label: "New inline policy" };

interface InlinePolicyTabProps {
  targetArn: string;
  existing: Record<string, Record<string, unknown>>;
  name: string;
  text: string;
  template: string;
  onName: (name: string) => void;
  onText: (text: string) => void;
}

/** Statements to add to an inline policy, existing or new, of a role or user. */
export function InlinePolicyTab(props: InlinePolicyTabProps) {
  const { targetArn, existing, name, text, template, onName, onText } = props;
  const names = Object.keys(existing).sort((a, b) => a.localeCompare(b));
  const options: SelectProps.Option[] = [NEW, ...names.map((value) => ({ value, label: value }))];
  const current = existing[name];
  const selected = current ? { value: name, label: name } : NEW;
  return (
    <SpaceBetween size="l">
      <SpaceBetween direction="horizontal" size="l">
        <FormField
          label="Inline policy"
          description="Add to a policy the principal has, or create one."
        >
          <Select
            selectedOption={selected}
            options={options}
            onChange={({ detail }) => onName(detail.selectedOption.value ?? "")}
          />
        </FormField>
        {!current && (
          <FormField
            label="New policy name"
            constraintText="Letters, digits and +=,.@_- (up to 128)."
          >
            <Input
              value={name}
              placeholder="e.g. s3-read-reports"
              onChange={({ detail }) => onName(detail.value)}
            />
          </FormField>
        )}
      </SpaceBetween>
      <FormField
        label="Statements to add"
        description="A statement whose Sid matches one in the policy replaces it; the policy's other statements stay as they are. Statements without a Sid are named when you submit."
        stretch
      >
        <StatementEditor
          value={text}
          onChange={onText}
          template={template}
          kind="identity"
          targetArn={targetArn}
          label="Statements to add to the inline policy"
        />
      </FormField>
      {current && (
        <ExpandableSection headerText={`Current policy ${name}`} variant="footer">
          <PolicyViewer document={current} label={`Inline policy ${name}`} />
        </ExpandableSection>
      )}
    </SpaceBetween>
  );
}
