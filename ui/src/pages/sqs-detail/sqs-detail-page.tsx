import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useParams } from "react-router";
import type { QueueDetail } from "../../api/types";
import { useQueueDetail } from "../../api/use-resource-detail";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { PolicyAttributeTabs } from "../../components/resource-detail/policy-attribute-tabs";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";
import { policyEditorPath } from "../../lib/edit-target";

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
      <PolicyAttributeTabs
        noun="queue"
        policy={queue.policy}
        attributes={queue.attributes}
        tags={queue.tags}
      />
    </SpaceBetween>
  );
}

/** `/resources/sqs/:account/:region/:name`: an SQS queue, its policy and attributes. */
export default function SqsDetailPage() {
  const { account = "", region = "", name = "" } = useParams();
  const { query, refresh } = useQueueDetail(account, region, name);
  return (
    <ResourceDetailFrame
      kindLabel="SQS queue"
      name={name}
      query={query}
      refresh={refresh}
      requestChangesPath={(detail) => policyEditorPath(detail.queue.arn)}
    >
      {(detail) => <QueueContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
