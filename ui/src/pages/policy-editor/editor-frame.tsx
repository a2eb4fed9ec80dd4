import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isApiError } from "../../api/api-error";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { PageSpinner } from "../../components/page-spinner";
import { useRouterFollow } from "../../components/use-router-follow";
import { TARGET_LABELS, type EditTarget } from "../../lib/edit-target";
import { targetPagePath } from "./target-page-path";

interface EditorFrameProps<T> {
  target: EditTarget;
  /** The target's detail; omitted when it cannot be read (an S3 bucket of unknown account). */
  query?: UseQueryResult<T>;
  children: (detail: T | undefined) => ReactNode;
}

/** The editor's page frame: what is being changed, a way back, and the loading states. */
export function EditorFrame<T>({ target, query, children }: EditorFrameProps<T>) {
  const onFollow = useRouterFollow();
  const back = targetPagePath(target);
  const header = (
    <Header
      variant="h1"
      description={`${TARGET_LABELS[target.kind]} ${target.arn}`}
      actions={
        back && (
          <Button href={back} onFollow={onFollow}>
            Back to {target.name}
          </Button>
        )
      }
    >
      Request changes to {target.name}
    </Header>
  );
  let body: ReactNode;
  if (!query || query.data) {
    body = children(query?.data);
  } else if (query.isError && isApiError(query.error) && query.error.status === 404) {
    body = (
      <Alert type="warning" header={`No ${TARGET_LABELS[target.kind]} named ${target.name}`}>
        ConsoleMe has not seen it in this account, so no changes can be requested for it here.
      </Alert>
    );
  } else if (query.isError) {
    body = (
      <ApiErrorAlert
        header="Could not load what you want to change"
        error={query.error}
        action={<Button onClick={() => void query.refetch()}>Retry</Button>}
      />
    );
  } else {
    body = (
      <Box padding="xxl">
        <PageSpinner label={`Loading the ${TARGET_LABELS[target.kind]}`} />
      </Box>
    );
  }
  return <ContentLayout header={header}>{body}</ContentLayout>;
}
