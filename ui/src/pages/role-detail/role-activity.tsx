import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { RoleDetail } from "../../api/types";
import { formatUnixSeconds } from "../../lib/format-time";
import { formatRelativeSeconds, isoToSeconds } from "../../lib/relative-time";

export function LastUsedText({ lastUsed }: { lastUsed: RoleDetail["role"]["last_used"] }) {
  const at = lastUsed ? isoToSeconds(lastUsed.date) : null;
  if (!lastUsed || at === null) return <Box color="text-status-inactive">Never used</Box>;
  return (
    <span title={formatUnixSeconds(at)}>
      {formatRelativeSeconds(at)}
      {lastUsed.region && ` in ${lastUsed.region}`}
    </span>
  );
}

export function AccessDeniedStatus({ count }: { count: number }) {
  if (count === 0) return <StatusIndicator type="success">No recent errors</StatusIndicator>;
  return (
    <StatusIndicator type="warning">
      {count} access denied {count === 1 ? "error" : "errors"}
    </StatusIndicator>
  );
}

/** When the role was last used, and how often CloudTrail saw it refused lately. */
export function RoleActivity({ detail }: { detail: RoleDetail }) {
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="Last use as AWS reports it; errors from recent CloudTrail AccessDenied and Unauthorized events."
        >
          Activity
        </Header>
      }
    >
      <KeyValuePairs
        columns={2}
        items={[
          { label: "Last used", value: <LastUsedText lastUsed={detail.role.last_used} /> },
          {
            label: "Recent CloudTrail errors",
            value: <AccessDeniedStatus count={detail.access_denied_count} />,
          },
        ]}
      />
    </Container>
  );
}
