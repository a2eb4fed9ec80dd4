import Alert from "@cloudscape-design/components/alert";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useNavigate } from "react-router";
import { useSession } from "../../app/session";
import type { EditTarget } from "../../lib/edit-target";
import { templates } from "./policy-draft";
import { StatementsTab } from "./statements-tab";
import { SubmitPanel } from "./submit-panel";
import { targetPagePath } from "./target-page-path";
import { useRequestDraft } from "./use-request-draft";

const WHAT: Record<string, string> = {
  s3: "bucket policy",
  sqs: "access policy",
  sns: "access policy",
};

interface ResourceEditorProps {
  target: EditTarget;
  /** The policy now; undefined when it could not be read (a bucket of unknown account). */
  current: Record<string, unknown> | null | undefined;
}

/** Statements to add to an S3 bucket's, SQS queue's or SNS topic's policy. */
export function ResourceEditor({ target, current }: ResourceEditorProps) {
  const profile = useSession();
  const navigate = useNavigate();
  const { draft, update, panel } = useRequestDraft(target);
  const what = WHAT[target.kind] ?? "resource policy";
  return (
    <SpaceBetween size="l">
      {current === undefined && (
        <Alert type="info">
          The current policy is not shown because the link did not say which account the bucket is
          in. Open the editor from the bucket&apos;s page to see it.
        </Alert>
      )}
      <Container header={<Header variant="h2">Resource policy</Header>}>
        <StatementsTab
          what={what}
          kind="resource"
          targetArn={target.arn}
          current={current}
          text={draft.resourceText}
          template={templates(target).resource}
          onText={(resourceText) => update({ resourceText })}
        />
      </Container>
      <SubmitPanel
        {...panel}
        isAdmin={profile.is_admin}
        onCancel={() => void navigate(targetPagePath(target) ?? "/requests")}
      />
    </SpaceBetween>
  );
}
