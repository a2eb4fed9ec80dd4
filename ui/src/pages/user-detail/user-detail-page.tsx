import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { UserDetail } from "../../api/types";
import { useUserDetail } from "../../api/use-resource-detail";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { PermissionsSection } from "../../components/resource-detail/permissions-section";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { IsoTime, ResourceSummary } from "../../components/resource-detail/resource-summary";
import { AccessDeniedStatus } from "../role-detail/role-activity";
import { policyEditorPath } from "../../lib/edit-target";

function Groups({ groups }: { groups: string[] }) {
  if (groups.length === 0) return <Box color="text-status-inactive">No groups</Box>;
  return (
    <SpaceBetween direction="horizontal" size="xxs">
      {groups.map((group) => (
        <Badge key={group}>{group}</Badge>
      ))}
    </SpaceBetween>
  );
}

function UserContent({ detail }: { detail: UserDetail }) {
  const { user } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={user.arn}
        accountId={user.account_id}
        accountName={detail.account?.name}
        region={user.region}
        fetchedAt={user.fetched_at}
        extra={[
          { label: "Path", value: user.path },
          { label: "Created", value: <IsoTime iso={user.created} /> },
          { label: "Groups", value: <Groups groups={user.groups} /> },
          {
            label: "Recent CloudTrail errors",
            value: <AccessDeniedStatus count={detail.access_denied_count} />,
          },
        ]}
      />
      <Tabs
        ariaLabel="User details"
        tabs={[
          {
            id: "permissions",
            label: "Permissions",
            content: (
              <PermissionsSection
                inlinePolicies={user.inline_policies}
                managedPolicies={user.managed_policies}
                permissionsBoundary={user.permissions_boundary}
              />
            ),
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(user.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={user.tags} empty="This user has no tags." />
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/users/:account/:name`: one IAM user as ConsoleMe last read it. */
export default function UserDetailPage() {
  const { account = "", name = "" } = useParams();
  const { query, refresh } = useUserDetail(account, name);
  return (
    <ResourceDetailFrame
      kindLabel="IAM user"
      name={name}
      query={query}
      refresh={refresh}
      requestChangesPath={(detail) => policyEditorPath(detail.user.arn)}
    >
      {(detail) => <UserContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
