import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { PolicyCheckKind } from "../../api/types";
import { FindingList } from "../change-request/finding-list";
import { PolicyJsonEditor } from "./policy-json-editor";
import { useLiveCheck, type LiveCheck } from "./use-live-check";

interface StatementEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The blank a new policy starts from (not checked); null when editing a written one. */
  template: string | null;
  kind: PolicyCheckKind;
  targetArn: string;
  /** Names the editor, e.g. "Statements to add to the trust policy". */
  label: string;
}

function Verdict({ check }: { check: LiveCheck }) {
  if (check.untouched) {
    return (
      <StatusIndicator type="info">
        Write the statements to add; they are checked as you type.
      </StatusIndicator>
    );
  }
  if (check.parseError) return <StatusIndicator type="error">{check.parseError}</StatusIndicator>;
  if (check.checking) return <StatusIndicator type="loading">Checking the policy</StatusIndicator>;
  if (check.failure) {
    return (
      <StatusIndicator type="warning">
        Could not check the policy: {check.failure.message}
      </StatusIndicator>
    );
  }
  // The reason is the first finding below, marked where it is in the text.
  if (check.valid === false)
    return <StatusIndicator type="error">Not a valid policy</StatusIndicator>;
  if (check.valid === null) return null;
  const count = check.findings.length;
  return count === 0 ? (
    <StatusIndicator type="success">Valid policy, nothing to point out</StatusIndicator>
  ) : (
    <StatusIndicator type="warning">
      Valid policy, {count} {count === 1 ? "finding" : "findings"}
    </StatusIndicator>
  );
}

/** A policy JSON editor with live validation: a verdict line, markers and the findings. */
export function StatementEditor(props: StatementEditorProps) {
  const { value, onChange, template, kind, targetArn, label } = props;
  const check = useLiveCheck(value, template, kind, targetArn);
  return (
    <SpaceBetween size="s">
      <PolicyJsonEditor value={value} onChange={onChange} label={label} findings={check.findings} />
      <div aria-live="polite" aria-label="Policy check">
        <Verdict check={check} />
      </div>
      {check.findings.length > 0 && (
        <Box padding={{ top: "xxs" }}>
          <FindingList findings={check.findings} empty="" label="Policy check findings" />
        </Box>
      )}
    </SpaceBetween>
  );
}
