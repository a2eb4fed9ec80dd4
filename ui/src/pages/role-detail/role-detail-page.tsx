import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { RoleDetail } from "../../api/types";
import { useRoleDetail } from "../../api/use-resource-detail";
import { PolicyViewer } from "../../components/policy-viewer/policy-viewer";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { PermissionsSection } from "../../components/resource-detail/permissions-section";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { IsoTime, ResourceSummary } from "../../components/resource-detail/resource-summary";
import { formatDuration } from "../../lib/relative-time";
import { AccessDeniedStatus, LastUsedText, RoleActivity } from "./role-activity";
import { policyEditorPath } from "../../lib/edit-target";

function RoleContent({ detail }: { detail: RoleDetail }) {
  const { role } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={role.arn}
        accountId={role.account_id}
        accountName={detail.account?.name}
        region={role.region}
        fetchedAt={role.fetched_at}
        extra={[
          {
            label: "Description",
            value: role.description || <Box color="text-status-inactive">-</Box>,
          },
          { label: "Path", value: role.path },
          { label: "Created", value: <IsoTime iso={role.created} /> },
          { label: "Maximum session duration", value: formatDuration(role.max_session_duration) },
          { label: "Last used", value: <LastUsedText lastUsed={role.last_used} /> },
          {
            label: "Recent CloudTrail errors",
            value: <AccessDeniedStatus count={detail.access_denied_count} />,
          },
        ]}
      />
      <Tabs
        ariaLabel="Role details"
        tabs={[
          {
            id: "permissions",
            label: "Permissions",
            content: (
              <PermissionsSection
                inlinePolicies={role.inline_policies}
                managedPolicies={role.managed_policies}
                permissionsBoundary={role.permissions_boundary}
              />
            ),
          },
          {
            id: "trust",
            label: "Trust relationships",
            content: <PolicyViewer document={role.assume_role_policy} label="Trust policy" />,
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(role.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={role.tags} empty="This role has no tags." />
            ),
          },
          { id: "activity", label: "Activity", content: <RoleActivity detail={detail} /> },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/roles/:account/:name`: one IAM role as ConsoleMe last read it. */
export default function RoleDetailPage() {
  const { account = "", name = "" } = useParams();
  const { query, refresh } = useRoleDetail(account, name);
  return (
    <ResourceDetailFrame
      kindLabel="IAM role"
      name={name}
      query={query}
      refresh={refresh}
      requestChangesPath={(detail) => policyEditorPath(detail.role.arn)}
    >
      {(detail) => <RoleContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
