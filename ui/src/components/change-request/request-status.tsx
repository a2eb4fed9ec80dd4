import StatusIndicator, {
  type StatusIndicatorProps,
} from "@cloudscape-design/components/status-indicator";
import type { ChangeStatus, RequestStatus } from "../../api/types";

type Look = { type: StatusIndicatorProps.Type; label: string };

export const REQUEST_STATUS: Record<RequestStatus, Look> = {
  pending: { type: "pending", label: "Pending review" },
  approved: { type: "in-progress", label: "Approved" },
  applied: { type: "success", label: "Applied" },
  rejected: { type: "error", label: "Rejected" },
  cancelled: { type: "stopped", label: "Cancelled" },
  failed: { type: "warning", label: "Failed" },
};

const CHANGE_STATUS: Record<ChangeStatus, Look> = {
  pending: { type: "pending", label: "Pending" },
  approved: { type: "in-progress", label: "Approved, waiting to apply" },
  applying: { type: "loading", label: "Applying" },
  applied: { type: "success", label: "Applied" },
  failed: { type: "warning", label: "Failed" },
  rejected: { type: "error", label: "Rejected" },
  cancelled: { type: "stopped", label: "Cancelled" },
  expired: { type: "stopped", label: "Expired" },
};

/** A request's status as a coloured indicator ("Pending review", "Applied", ...). */
export function RequestStatusIndicator({ status }: { status: RequestStatus }) {
  const look = REQUEST_STATUS[status];
  return <StatusIndicator type={look.type}>{look.label}</StatusIndicator>;
}

/** One change's status. */
export function ChangeStatusIndicator({ status }: { status: ChangeStatus }) {
  const look = CHANGE_STATUS[status];
  return <StatusIndicator type={look.type}>{look.label}</StatusIndicator>;
}
