import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useParams } from "react-router";
import type { BucketDetail } from "../../api/types";
import { useBucketDetail } from "../../api/use-resource-detail";
import { KeyValueTable } from "../../components/resource-detail/key-value-table";
import { ResourceDetailFrame } from "../../components/resource-detail/resource-detail-frame";
import { ResourcePolicy } from "../../components/resource-detail/resource-policy";
import { ResourceSummary } from "../../components/resource-detail/resource-summary";
import { policyEditorPath } from "../../lib/edit-target";

function BucketContent({ detail }: { detail: BucketDetail }) {
  const { bucket } = detail;
  return (
    <SpaceBetween size="l">
      <ResourceSummary
        arn={bucket.arn}
        accountId={bucket.account_id}
        accountName={detail.account?.name}
        region={bucket.region}
        fetchedAt={bucket.fetched_at}
      />
      <Tabs
        ariaLabel="Bucket details"
        tabs={[
          {
            id: "policy",
            label: "Bucket policy",
            content: <ResourcePolicy policy={bucket.policy} what="bucket policy" />,
          },
          {
            id: "tags",
            label: `Tags (${Object.keys(bucket.tags).length})`,
            content: (
              <KeyValueTable title="Tags" entries={bucket.tags} empty="This bucket has no tags." />
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}

/** `/resources/s3/:account/:name`: an S3 bucket and its policy. */
export default function S3DetailPage() {
  const { account = "", name = "" } = useParams();
  const { query, refresh } = useBucketDetail(account, name);
  return (
    <ResourceDetailFrame
      kindLabel="S3 bucket"
      name={name}
      query={query}
      refresh={refresh}
      requestChangesPath={(detail) => policyEditorPath(detail.bucket.arn, detail.bucket.account_id)}
    >
      {(detail) => <BucketContent detail={detail} />}
    </ResourceDetailFrame>
  );
}
