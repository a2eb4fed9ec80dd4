import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { UseMutationResult, UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isApiError } from "../../api/api-error";
import type { ResourceLinks } from "../../api/types";
import { ApiErrorAlert } from "../api-error-alert";
import { PageSpinner } from "../page-spinner";
import { useRouterFollow } from "../use-router-follow";

interface Detail {
  links: ResourceLinks;
}

interface ResourceDetailFrameProps<T extends Detail> {
  /** e.g. "IAM role". */
  kindLabel: string;
  name: string;
  query: UseQueryResult<T>;
  refresh: UseMutationResult<T, Error, void>;
  children: (detail: T) => ReactNode;
  /** The path of the policy editor for this resource, if changes to it can be requested. */
  requestChangesPath?: (detail: T) => string;
}

/**
 * The frame of every resource page: its name, "Open in AWS console", "Refresh" (a live read
 * from AWS), "Request changes" where the policy editor can change it, and the loading,
 * not-found and error states.
 */
export function ResourceDetailFrame<T extends Detail>({
  kindLabel,
  name,
  query,
  refresh,
  children,
  requestChangesPath,
}: ResourceDetailFrameProps<T>) {
  const onFollow = useRouterFollow();
  const detail = query.data;
  const header = (
    <Header
      variant="h1"
      description={kindLabel}
      actions={
        detail && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button
              iconName="refresh"
              loading={refresh.isPending}
              onClick={() => refresh.mutate()}
              ariaLabel="Refresh from AWS"
            >
              Refresh
            </Button>
            <Button
              href={detail.links.console_login_path}
              target="_blank"
              iconName="external"
              iconAlign="right"
            >
              Open in AWS console
            </Button>
            {requestChangesPath && (
              <Button variant="primary" href={requestChangesPath(detail)} onFollow={onFollow}>
                Request changes
              </Button>
            )}
          </SpaceBetween>
        )
      }
    >
      {name}
    </Header>
  );

  let body: ReactNode;
  if (detail) {
    body = (
      <SpaceBetween size="l">
        {refresh.isError && (
          <ApiErrorAlert
            header="Could not read it from AWS"
            error={refresh.error}
            onDismiss={() => refresh.reset()}
          />
        )}
        {children(detail)}
      </SpaceBetween>
    );
  } else if (query.isError && isApiError(query.error) && query.error.status === 404) {
    body = (
      <Alert type="warning" header={`No ${kindLabel} named ${name}`}>
        ConsoleMe has not seen it in this account: it may have been deleted, or not be in the
        inventory yet.{" "}
        <Link href="/resources" onFollow={onFollow}>
          Search resources
        </Link>
      </Alert>
    );
  } else if (query.isError) {
    body = (
      <ApiErrorAlert
        header={`Could not load the ${kindLabel}`}
        error={query.error}
        action={<Button onClick={() => void query.refetch()}>Retry</Button>}
      />
    );
  } else {
    body = (
      <Box padding="xxl">
        <PageSpinner label={`Loading the ${kindLabel}`} />
      </Box>
    );
  }
  return <ContentLayout header={header}>{body}</ContentLayout>;
}
