import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useParams } from "react-router";
import { isApiError } from "../../api/api-error";
import { useApproveChallenge, useChallenge } from "../../api/use-challenge";
import { useSession } from "../../app/session";
import { MarkdownText } from "../../components/markdown-text";
import { sentence } from "../../lib/sentence";
import { challengeProblem } from "./challenge-errors";

function Problem({ error }: { error: unknown }) {
  const problem = challengeProblem(error);
  return (
    <Alert type="error" header={problem.header}>
      {error instanceof Error && <Box variant="p">{sentence(error.message)}</Box>}
      <Box variant="p">{problem.hint}</Box>
      {isApiError(error) && error.requestId && (
        <Box variant="small">Request ID: {error.requestId}</Box>
      )}
    </Alert>
  );
}

/**
 * `/challenge_validator/<token>`: the user approves a command line sign-in (weep or cme)
 * that their terminal started. Opening the page uses the challenge up; approving finishes it.
 */
export default function ChallengePage() {
  const token = useParams().token ?? "";
  const profile = useSession();
  const challenge = useChallenge(token);
  const approve = useApproveChallenge(token);
  const prompt = challenge.data;

  let body;
  if (challenge.isPending) {
    body = (
      <Box>
        <Spinner /> Checking the sign-in request…
      </Box>
    );
  } else if (challenge.isError) {
    body = <Problem error={challenge.error} />;
  } else if (approve.isSuccess) {
    body = (
      <Alert type="success" header="You can return to your terminal">
        {approve.data.message}
      </Alert>
    );
  } else {
    body = (
      <SpaceBetween size="l">
        <div>
          <MarkdownText text={prompt?.message ?? ""} />
        </div>
        <KeyValuePairs
          columns={2}
          items={[
            { label: "Approving as", value: profile.user },
            { label: "Grants", value: "A command line session with your current groups" },
          ]}
        />
        {approve.isError && <Problem error={approve.error} />}
        {prompt?.show_approve_button && !approve.isError && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button
              variant="primary"
              loading={approve.isPending}
              onClick={() => approve.mutate(prompt.nonce)}
            >
              Approve
            </Button>
          </SpaceBetween>
        )}
        {!approve.isError && (
          <Box variant="small" color="text-body-secondary">
            Did not start a sign-in from a terminal just now? Do not approve: close this page.
          </Box>
        )}
      </SpaceBetween>
    );
  }

  return (
    <ContentLayout header={<Header variant="h1">Approve a command line sign-in</Header>}>
      <Container header={<Header variant="h2">Sign-in request</Header>}>{body}</Container>
    </ContentLayout>
  );
}
