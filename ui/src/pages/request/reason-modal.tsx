import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useState } from "react";

export type ReasonCommand = "reject" | "cancel" | "move_back_to_pending";

const TEXTS: Record<ReasonCommand, { header: string; body: string; confirm: string }> = {
  reject: {
    header: "Reject this request?",
    body: "Nothing is changed in AWS. The requester is told, with your reason.",
    confirm: "Reject",
  },
  cancel: {
    header: "Cancel this request?",
    body: "Nothing is changed in AWS, and the request can no longer be approved.",
    confirm: "Cancel request",
  },
  move_back_to_pending: {
    header: "Move this request back to pending?",
    body: "It needs to be approved again before anything is applied.",
    confirm: "Move back to pending",
  },
};

interface ReasonModalProps {
  command: ReasonCommand;
  sending: boolean;
  onConfirm: (reason: string | undefined) => void;
  onClose: () => void;
}

/** Confirms a reject, cancel or move back, with an optional reason for the timeline. */
export function ReasonModal({ command, sending, onConfirm, onClose }: ReasonModalProps) {
  const [reason, setReason] = useState("");
  const text = TEXTS[command];
  return (
    <Modal
      visible
      onDismiss={onClose}
      header={text.header}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Back
            </Button>
            <Button
              variant="primary"
              loading={sending}
              onClick={() => onConfirm(reason.trim() || undefined)}
            >
              {text.confirm}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">{text.body}</Box>
        <FormField label="Reason" constraintText="Optional. Shown in the request's history.">
          <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} rows={3} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
