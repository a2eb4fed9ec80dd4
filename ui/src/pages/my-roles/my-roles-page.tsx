import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useEligibleRoles, useToggleFavorite } from "../../api/use-eligible-roles";
import { useSession } from "../../app/session";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { useCursorPages } from "../../components/use-cursor-pages";
import { useDebouncedValue } from "../../components/use-debounced-value";
import { decodeBase64Text } from "../../lib/base64-text";
import { RolesTable, type RoleChoice } from "./roles-table";
import "./my-roles.css";
import { SessionSummary } from "./session-summary";

/** The home page: the roles the user may sign in to, and how to use them from a terminal. */
export default function MyRolesPage() {
  const profile = useSession();
  const [params] = useSearchParams();
  // `/?arn=<query>&warningMessage=<base64>` is where the console flow sends several matches.
  const [filterText, setFilterText] = useState(() => params.get("arn") ?? "");
  const [warning, setWarning] = useState(() => decodeBase64Text(params.get("warningMessage")));
  const [choice, setChoice] = useState<RoleChoice>({ account: "", access: "all" });
  const search = useDebouncedValue(filterText);
  const filter = { ...choice, search };
  const pages = useCursorPages(JSON.stringify(filter));
  const roles = useEligibleRoles(filter, pages.cursor);
  const pager = pages.pager(roles.data?.next_cursor);
  const favorite = useToggleFavorite();

  return (
    <ContentLayout
      header={
        <Header variant="h1" description={<SessionSummary profile={profile} />}>
          My roles
        </Header>
      }
    >
      <SpaceBetween size="m">
        {warning && (
          <Alert type="warning" dismissible onDismiss={() => setWarning(null)}>
            {warning}
          </Alert>
        )}
        {favorite.isError && (
          <ApiErrorAlert
            header="Could not change the favorite"
            error={favorite.error}
            onDismiss={() => favorite.reset()}
          />
        )}
        {roles.isError && (
          <ApiErrorAlert
            header="Could not load your roles"
            error={roles.error}
            action={<Button onClick={() => void roles.refetch()}>Retry</Button>}
          />
        )}
        <RolesTable
          page={roles.data}
          loading={roles.isFetching}
          filterText={filterText}
          onFilterTextChange={setFilterText}
          choice={choice}
          onChoiceChange={setChoice}
          pager={pager}
          onToggleFavorite={(arn, value) => favorite.mutate({ arn, favorite: value })}
          onRefresh={() => void roles.refetch()}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
