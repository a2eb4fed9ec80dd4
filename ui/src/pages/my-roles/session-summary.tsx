import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import type { UserProfile } from "../../api/types";
import { authMethodLabel } from "../../lib/auth-method-label";
import { formatUnixSeconds } from "../../lib/format-time";

/**
 * One line about the signed-in user: who, which groups, how, and until when. Only inline
 * elements: it sits in a page header's description, which is a paragraph.
 */
export function SessionSummary({ profile }: { profile: UserProfile }) {
  const expiry =
    profile.session_expires_at === null
      ? "Session does not expire"
      : `Session expires ${formatUnixSeconds(profile.session_expires_at)}`;
  return (
    <span className="my-roles__session">
      <span>
        Signed in as{" "}
        <Box variant="span" fontWeight="bold">
          {profile.user}
        </Box>
      </span>
      {profile.is_admin && <Badge color="blue">Administrator</Badge>}
      <span aria-hidden>·</span>
      {profile.groups.length === 0 ? (
        <span>No groups</span>
      ) : (
        <span className="my-roles__groups" aria-label="Groups">
          {profile.groups.map((group) => (
            <Badge key={group}>{group}</Badge>
          ))}
        </span>
      )}
      <span aria-hidden>·</span>
      <span>{authMethodLabel(profile.auth_method)}</span>
      <span aria-hidden>·</span>
      <span>{expiry}</span>
    </span>
  );
}
