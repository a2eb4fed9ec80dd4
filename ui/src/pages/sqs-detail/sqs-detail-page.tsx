import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { QueueDetail } from "../../api/types";
import { useQueueDetail } from "../../api/use-resource-detail";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { ResourcePolicy } from "../../components/resource-detail/resource-policy";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";

function QueueContent({ detail }: { detail: QueueDetail }) {
  const { queue } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={queue.arn}
        accountId={queue.account_id}
        accountName={detail.account?.name}
        region={queue.region}
        fetchedAt={queue.fetched_at}
        wide={[
          {
            label: "URL",
            value: (
              <CopyToClipboard
                variant="inline"
                textToCopy={queue.url}
                copyButtonAriaLabel="Copy queue URL"
                copySuccessText="URL copied"
                copyErrorText="URL could not be copied"
              />
            ),
          },
        ]}
      />
      <Tabs
        ariaLabel="Queue details"
        tabs={[
          {
            id: "policy",
            label: "Access policy",
            content: <ResourcePolicy policy={queue.policy} what="access policy" />,
          },
          {
            id: "attributes",
            label: "Attributes",
            content: (
              <KeyValueTable
                title="Attributes"
                keyLabel="Attribute"
                entries={queue.attributes}
                empty="No attributes."
              />
            ),
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(queue.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={queue.tags} empty="This queue has no tags." />
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/sqs/:account/:region/:name`: an SQS queue, its policy and attributes. */
export default function SqsDetailPage() {
  const { account = "", region = "", name = "" } = useParams();
  const { query, refresh } = useQueueDetail(account, region, name);
  return (
    <ResourceDetailFrame kindLabel="SQS queue" name={name} query={query} refresh={refresh}>
      {(detail) => <QueueContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
