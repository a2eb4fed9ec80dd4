import SpaceBetween from "@cloudscape-design/components/space-between";
import { useParams } from "react-router";
import type { TopicDetail } from "../../api/types";
import { useTopicDetail } from "../../api/use-resource-detail";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { PolicyAttributeTabs } from "../../components/resource-detail/policy-attribute-tabs";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";
import { policyEditorPath } from "../../lib/edit-target";

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
      <PolicyAttributeTabs
        noun="topic"
        policy={topic.policy}
        attributes={topic.attributes}
        tags={topic.tags}
      />
    </SpaceBetween>
  );
}

/** `/resources/sns/:account/:region/:name`: an SNS topic, its policy and attributes. */
export default function SnsDetailPage() {
  const { account = "", region = "", name = "" } = useParams();
  const { query, refresh } = useTopicDetail(account, region, name);
  return (
    <ResourceDetailFrame
      kindLabel="SNS topic"
      name={name}
      query={query}
      refresh={refresh}
      requestChangesPath={(detail) => policyEditorPath(detail.topic.arn)}
    >
      {(detail) => <TopicContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
