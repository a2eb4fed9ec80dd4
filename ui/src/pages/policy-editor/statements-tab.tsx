import Box from "@cloudscape-design/components/box";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import FormField from "@cloudscape-design/components/form-field";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { PolicyCheckKind } from "../../api/types";
import { PolicyViewer } from "../../components/policy-viewer/policy-viewer";
import { StatementEditor } from "../../components/policy-editor/statement-editor";

interface StatementsTabProps {
  /** e.g. "trust policy", "bucket policy". */
  what: string;
  kind: PolicyCheckKind;
  targetArn: string;
  /** The document as ConsoleMe last read it; undefined when not known. */
  current: Record<string, unknown> | null | undefined;
  text: string;
  template: string;
  onText: (text: string) => void;
}

/** Statements to add to a role's trust policy or a bucket, queue or topic policy. */
export function StatementsTab(props: StatementsTabProps) {
  const { what, kind, targetArn, current, text, template, onText } = props;
  const title = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    <SpaceBetween size="l">
      <FormField
        label="Statements to add"
        description={`A statement whose Sid matches one in the ${what} replaces it; the other statements stay as they are.`}
        stretch
      >
        <StatementEditor
          value={text}
          onChange={onText}
          template={template}
          kind={kind}
          targetArn={targetArn}
          label={`Statements to add to the ${what}`}
        />
      </FormField>
      {current !== undefined && (
        <ExpandableSection headerText={`Current ${what}`} variant="footer">
          {current ? (
            <PolicyViewer document={current} label={title} />
          ) : (
            <Box color="text-status-inactive">No {what} is set.</Box>
          )}
        </ExpandableSection>
      )}
    </SpaceBetween>
  );
}
