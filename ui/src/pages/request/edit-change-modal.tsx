import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import type { ChangeDetail, ChangeSpec } from "../../api/types";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { ExpiryField } from "../../components/change-request/expiry-field";
import { StatementEditor } from "../../components/policy-editor/statement-editor";
import { changeSummary } from "../../lib/change-summary";
import { isGrant } from "../../lib/expiry";
import {
  checkKind,
  editedChange,
  editKind,
  startEdit,
  type ChangeEdit,
  type EditField,
} from "./change-edit";

interface EditChangeModalProps {
  change: ChangeDetail;
  sending: boolean;
  /** Why the server refused the last save (shown here, the form kept). */
  error: Error | null;
  onSave: (spec: ChangeSpec, expiresAt: string | null) => void;
  onClose: () => void;
}

function Fields(props: {
  change: ChangeDetail;
  edit: ChangeEdit;
  errors: Partial<Record<EditField, string>>;
  update: (patch: Partial<ChangeEdit>) => void;
}) {
  const { change, edit, errors, update } = props;
  const { spec } = change;
  const kind = editKind(spec);
  if (kind === "document") {
    return (
      <FormField
        label="Policy document"
        description="What this change adds to (or removes from) the policy; checked as you type."
        // The reason is in the editor's verdict, under the text.
        errorText={errors.text && "Fix the policy document before saving."}
        stretch
      >
        <StatementEditor
          value={edit.text}
          onChange={(text) => update({ text })}
          template={null}
          kind={checkKind(spec)}
          targetArn={change.target_arn}
          label="Edited policy document"
        />
      </FormField>
    );
  }
  if (kind === "tag") {
    return (
      <SpaceBetween direction="horizontal" size="xs">
        <FormField label="Tag key" errorText={errors.key}>
          <Input value={edit.key} onChange={({ detail }) => update({ key: detail.value })} />
        </FormField>
        {!(spec.type === "tag" && spec.action === "remove") && (
          <FormField label="Tag value" errorText={errors.value}>
            <Input value={edit.value} onChange={({ detail }) => update({ value: detail.value })} />
          </FormField>
        )}
      </SpaceBetween>
    );
  }
  return (
    <FormField
      label="Policy ARN"
      description="A customer or AWS managed policy."
      errorText={errors.policyArn}
      stretch
    >
      <Input
        value={edit.policyArn}
        placeholder="arn:aws:iam::aws:policy/ReadOnlyAccess"
        onChange={({ detail }) => update({ policyArn: detail.value })}
      />
    </FormField>
  );
}

/** Edits one pending change (`update_change`): its document, tag or policy ARN, and expiry. */
export function EditChangeModal({ change, sending, error, onSave, onClose }: EditChangeModalProps) {
  const [edit, setEdit] = useState(() => startEdit(change));
  const [tried, setTried] = useState(false);
  const result = editedChange(change, edit);
  const errors = tried && result.errors ? result.errors : {};
  const update = (patch: Partial<ChangeEdit>) => setEdit((current) => ({ ...current, ...patch }));
  const save = () => {
    setTried(true);
    if (result.spec) onSave(result.spec, result.expiresAt);
  };
  return (
    <Modal
      visible
      size={editKind(change.spec) === "document" ? "large" : "medium"}
      onDismiss={onClose}
      header={`Edit: ${changeSummary(change.spec)}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={sending} onClick={save}>
              Save change
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="l">
        <Box variant="p" color="text-body-secondary">
          {change.target_arn}
        </Box>
        <Fields change={change} edit={edit} errors={errors} update={update} />
        {isGrant(change.spec) && (
          <ExpiryField
            value={edit.expiry}
            onChange={(expiry) => update({ expiry })}
            errorText={errors.expiry ?? null}
          />
        )}
        <Alert type="info">
          Saving asks for approval again: approvals given so far no longer count.
        </Alert>
        {error && <ApiErrorAlert header="The change was not saved" error={error} />}
      </SpaceBetween>
    </Modal>
  );
}
