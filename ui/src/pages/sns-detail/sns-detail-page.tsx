import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { TopicDetail } from "../../api/types";
import { useTopicDetail } from "../../api/use-resource-detail";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { ResourcePolicy } from "../../components/resource-detail/resource-policy";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";

function TopicContent({ detail }: { detail: TopicDetail }) {
  const { topic } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={topic.arn}
        accountId={topic.account_id}
        accountName={detail.account?.name}
        region={topic.region}
        fetchedAt={topic.fetched_at}
      />
      <Tabs
        ariaLabel="Topic details"
        tabs={[
          {
            id: "policy",
            label: "Access policy",
            content: <ResourcePolicy policy={topic.policy} what="access policy" />,
          },
          {
            id: "attributes",
            label: "Attributes",
            content: (
              <KeyValueTable
                title="Attributes"
                keyLabel="Attribute"
                entries={topic.attributes}
                empty="No attributes."
              />
            ),
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(topic.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={topic.tags} empty="This topic has no tags." />
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/sns/:account/:region/:name`: an SNS topic, its policy and attributes. */
export default function SnsDetailPage() {
  const { account = "", region = "", name = "" } = useParams();
  const { query, refresh } = useTopicDetail(account, region, name);
  return (
    <ResourceDetailFrame kindLabel="SNS topic" name={name} query={query} refresh={refresh}>
      {(detail) => <TopicContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
