import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import type { ReactNode } from "react";
import { ApiErrorAlert } from "./api-error-alert";

interface TableEmptyStateProps {
  /** The query that fills the table: when it failed, its error and a Retry button show. */
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  /** The error's header, e.g. "Could not load the requests". */
  errorHeader: string;
  title: string;
  body: string;
  /**
   * Under the text, e.g. a button that clears the filters. A table that has one (even when it
   * is `false` at the moment) keeps room for it below the text.
   */
  action?: ReactNode;
  /** Shown instead of the text (unless the query failed), e.g. while the list is being built. */
  notice?: ReactNode;
}

/** What a table shows with no rows: why the query failed, a notice, or that nothing matched. */
export function TableEmptyState({
  query,
  errorHeader,
  title,
  body,
  action,
  notice,
}: TableEmptyStateProps) {
  if (query.isError) {
    return (
      <ApiErrorAlert
        header={errorHeader}
        error={query.error}
        action={<Button onClick={() => void query.refetch()}>Retry</Button>}
      />
    );
  }
  if (notice) return notice;
  return (
    <Box textAlign="center" color="inherit" padding="l">
      <Box variant="strong" color="inherit">
        {title}
      </Box>
      <Box variant="p" color="inherit" padding={action === undefined ? undefined : { bottom: "s" }}>
        {body}
      </Box>
      {action}
    </Box>
  );
}
