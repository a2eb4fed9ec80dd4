import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { ManagedPolicyDetail } from "../../api/types";
import { useManagedPolicyDetail } from "../../api/use-resource-detail";
import { PolicyViewer } from "../../components/policy-viewer/policy-viewer";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";

function PolicyContent({ detail }: { detail: ManagedPolicyDetail }) {
  const { policy } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={policy.arn}
        accountId={policy.account_id}
        accountName={detail.account?.name}
        region={policy.region}
        fetchedAt={policy.fetched_at}
        extra={[
          {
            label: "Description",
            value: policy.description || <Box color="text-status-inactive">-</Box>,
          },
          { label: "Path", value: policy.path },
          { label: "Default version", value: policy.default_version },
          {
            label: "Attached to",
            value: `${policy.attachment_count} ${policy.attachment_count === 1 ? "principal" : "principals"}`,
          },
        ]}
      />
      <Tabs
        ariaLabel="Managed policy details"
        tabs={[
          {
            id: "document",
            label: "Policy document",
            content: (
              <Container
                header={
                  <Header variant="h2" description="The document of the default version.">
                    Permissions ({policy.default_version})
                  </Header>
                }
              >
                <PolicyViewer document={policy.document} label={`Policy ${policy.name}`} />
              </Container>
            ),
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(policy.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={policy.tags} empty="This policy has no tags." />
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/managed-policies/:account/:name`: a customer managed policy. */
export default function ManagedPolicyDetailPage() {
  const { account = "", name = "" } = useParams();
  const { query, refresh } = useManagedPolicyDetail(account, name);
  return (
    <ResourceDetailFrame kindLabel="Managed policy" name={name} query={query} refresh={refresh}>
      {(detail) => <PolicyContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
