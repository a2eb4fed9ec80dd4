import { useSearchParams } from "react-router";
import {
  useBucketDetail,
  useQueueDetail,
  useRoleDetail,
  useTopicDetail,
  useUserDetail,
} from "../../api/use-resource-detail";
import { parseEditTarget, type EditTarget } from "../../lib/edit-target";
import { EditorFrame } from "./editor-frame";
import { PrincipalEditor } from "./principal-editor";
import { ResourceEditor } from "./resource-editor";
import { TargetPicker } from "./target-picker";
import "./policy-editor.css";

function RoleEditor({ target }: { target: EditTarget }) {
  const { query } = useRoleDetail(target.accountId, target.name);
  return (
    <EditorFrame target={target} query={query}>
      {(detail) => detail && <PrincipalEditor target={target} principal={detail.role} />}
    </EditorFrame>
  );
}

function UserEditor({ target }: { target: EditTarget }) {
  const { query } = useUserDetail(target.accountId, target.name);
  return (
    <EditorFrame target={target} query={query}>
      {(detail) => detail && <PrincipalEditor target={target} principal={detail.user} />}
    </EditorFrame>
  );
}

function BucketEditor({ target }: { target: EditTarget }) {
  const { query } = useBucketDetail(target.accountId, target.name);
  return (
    <EditorFrame target={target} query={query}>
      {(detail) => detail && <ResourceEditor target={target} current={detail.bucket.policy} />}
    </EditorFrame>
  );
}

function QueueEditor({ target }: { target: EditTarget }) {
  const { query } = useQueueDetail(target.accountId, target.region, target.name);
  return (
    <EditorFrame target={target} query={query}>
      {(detail) => detail && <ResourceEditor target={target} current={detail.queue.policy} />}
    </EditorFrame>
  );
}

function TopicEditor({ target }: { target: EditTarget }) {
  const { query } = useTopicDetail(target.accountId, target.region, target.name);
  return (
    <EditorFrame target={target} query={query}>
      {(detail) => detail && <ResourceEditor target={target} current={detail.topic.policy} />}
    </EditorFrame>
  );
}

/**
 * `/requests/new?arn=<target>[&account=<id>]`: write changes to a role's or user's policies and
 * tags, or to a bucket's, queue's or topic's policy, and submit them as a request.
 */
export default function PolicyEditorPage() {
  const [params] = useSearchParams();
  const arn = params.get("arn")?.trim() ?? "";
  const target = parseEditTarget(arn, params.get("account") ?? "");
  // A new target starts a new draft.
  if (!target) return <TargetPicker key={arn} initialArn={arn} />;
  switch (target.kind) {
    case "role":
      return <RoleEditor key={arn} target={target} />;
    case "user":
      return <UserEditor key={arn} target={target} />;
    case "s3":
      return target.accountId ? (
        <BucketEditor key={arn} target={target} />
      ) : (
        <EditorFrame target={target}>
          {() => <ResourceEditor target={target} current={undefined} />}
        </EditorFrame>
      );
    case "sqs":
      return <QueueEditor key={arn} target={target} />;
    case "sns":
      return <TopicEditor key={arn} target={target} />;
  }
}
