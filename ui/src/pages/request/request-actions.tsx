import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { RequestCommandName } from "../../api/types";
import type { ReasonCommand } from "./reason-modal";

interface RequestActionsProps {
  allowed: readonly RequestCommandName[];
  /** The command being sent, if any (its button spins, the others wait). */
  sending: RequestCommandName | undefined;
  onApprove: () => void;
  onAsk: (command: ReasonCommand) => void;
}

/** Approve, reject, cancel and move back: only those the server says this user may send now. */
export function RequestActions({ allowed, sending, onApprove, onAsk }: RequestActionsProps) {
  const may = (command: RequestCommandName) => allowed.includes(command);
  const busy = sending !== undefined;
  return (
    <SpaceBetween direction="horizontal" size="xs">
      {may("move_back_to_pending") && (
        <Button disabled={busy} onClick={() => onAsk("move_back_to_pending")}>
          Move back to pending
        </Button>
      )}
      {may("cancel") && (
        <Button disabled={busy} onClick={() => onAsk("cancel")}>
          Cancel request
        </Button>
      )}
      {may("reject") && (
        <Button disabled={busy} onClick={() => onAsk("reject")}>
          Reject
        </Button>
      )}
      {may("approve") && (
        <Button
          variant="primary"
          disabled={busy && sending !== "approve"}
          loading={sending === "approve"}
          onClick={onApprove}
        >
          Approve
        </Button>
      )}
    </SpaceBetween>
  );
}
