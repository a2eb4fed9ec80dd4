import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { UserProfile } from "../../api/types";
import { authMethodLabel } from "../../lib/auth-method-label";
import { formatUnixSeconds } from "../../lib/format-time";

function GroupBadges({ groups }: { groups: string[] }) {
  if (groups.length === 0) return <Box color="text-status-inactive">No groups</Box>;
  return (
    <SpaceBetween direction="horizontal" size="xxs">
      {groups.map((group) => (
        <Badge key={group}>{group}</Badge>
      ))}
    </SpaceBetween>
  );
}

/** Who the user is signed in as, and for how long. */
export function SessionDetails({ profile }: { profile: UserProfile }) {
  return (
    <Container header={<Header variant="h2">Your session</Header>}>
      <KeyValuePairs
        columns={3}
        minColumnWidth={220}
        items={[
          { label: "User", value: profile.user },
          { label: "Groups", value: <GroupBadges groups={profile.groups} /> },
          {
            label: "Administrator",
            value: profile.is_admin ? (
              <StatusIndicator type="success">Yes</StatusIndicator>
            ) : (
              <StatusIndicator type="stopped">No</StatusIndicator>
            ),
          },
          { label: "Sign-in method", value: authMethodLabel(profile.auth_method) },
          {
            label: "Session expires",
            value:
              profile.session_expires_at === null
                ? "Does not expire"
                : formatUnixSeconds(profile.session_expires_at),
          },
        ]}
      />
    </Container>
  );
}
