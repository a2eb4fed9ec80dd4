import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Steps, { type StepsProps } from "@cloudscape-design/components/steps";
import type { TimelineEvent } from "../../api/types";
import { formatIsoTime } from "../../lib/format-time";

type EventType = TimelineEvent["type"];

const EVENTS: Record<EventType, { status: StepsProps.Status; text: string }> = {
  submitted: { status: "info", text: "submitted the request" },
  commented: { status: "info", text: "commented" },
  change_updated: { status: "info", text: "edited a change" },
  approved: { status: "success", text: "approved" },
  auto_approved: { status: "success", text: "Approved automatically" },
  rejected: { status: "error", text: "rejected the request" },
  cancelled: { status: "stopped", text: "cancelled the request" },
  moved_back_to_pending: { status: "pending", text: "moved the request back to pending" },
  apply_started: { status: "in-progress", text: "Applying started" },
  change_applied: { status: "success", text: "Change applied" },
  change_failed: { status: "warning", text: "Applying failed" },
  grant_expired: { status: "stopped", text: "Access expired and was taken back" },
  status_changed: { status: "info", text: "Status changed" },
};

/** Events done by the system read as sentences on their own; people's start with their name. */
const SYSTEM_EVENTS: ReadonlySet<EventType> = new Set([
  "auto_approved",
  "apply_started",
  "change_applied",
  "change_failed",
  "grant_expired",
  "status_changed",
]);

function header(event: TimelineEvent): string {
  const look = EVENTS[event.type];
  if (event.type === "status_changed") {
    return event.change_id ? `Change ${event.change_id}: status changed` : "Request status changed";
  }
  const change = event.change_id ? ` (change ${event.change_id})` : "";
  if (SYSTEM_EVENTS.has(event.type)) return `${look.text}${change}`;
  return `${event.actor} ${look.text}${change}`;
}

function details(event: TimelineEvent): string | undefined {
  const parts: string[] = [];
  if (event.from_status && event.to_status) parts.push(`${event.from_status} → ${event.to_status}`);
  else if (event.to_status) parts.push(`now ${event.to_status}`);
  if (event.why) parts.push(event.why);
  if (SYSTEM_EVENTS.has(event.type) && event.actor !== "auto" && event.actor !== "system") {
    parts.push(`by ${event.actor}`);
  }
  return parts.length ? parts.join(" · ") : undefined;
}

/** Every transition of the request, oldest first: who, when, from, to, why. */
export function RequestTimeline({ events }: { events: readonly TimelineEvent[] }) {
  return (
    <Container header={<Header variant="h2">History</Header>}>
      <Steps
        ariaLabel="History"
        // Plain text headers: Cloudscape colours them by status, which reads like links here.
        renderStep={(step) => ({
          header: <Box>{step.header}</Box>,
          details: step.details,
          icon: <StatusIndicator type={step.status} />,
        })}
        steps={events.map((event) => ({
          status: EVENTS[event.type].status,
          header: header(event),
          details: details(event) && (
            <Box variant="small" color="text-body-secondary">
              {details(event)}
            </Box>
          ),
          annotation: (
            <Box variant="small" color="text-body-secondary">
              {formatIsoTime(event.at)}
            </Box>
          ),
        }))}
      />
    </Container>
  );
}
