import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { useMemo, useState } from "react";
import { useAuditLog } from "../../api/use-audit-log";
import { useSession } from "../../app/session";
import { ApiErrorAlert } from "../../components/api-error-alert";
import { useCursorPages } from "../../components/use-cursor-pages";
import { useDebouncedValue } from "../../components/use-debounced-value";
import { rangeToQuery } from "../../lib/time-range";
import { auditColumns } from "./audit-columns";
import { AuditFilters, type AuditFilterFields } from "./audit-filters";
import { AuditPreferencesButton, useAuditPreferences } from "./audit-preferences";

const NO_FILTERS: AuditFilterFields = { user: "", role: "", range: null };

/** `/audit`: credential and sign-in events. Admins see and filter everyone's; others their own. */
export default function AuditPage() {
  const profile = useSession();
  const [fields, setFields] = useState<AuditFilterFields>(NO_FILTERS);
  const [preferences, setPreferences] = useAuditPreferences();
  const user = useDebouncedValue(fields.user);
  const role = useDebouncedValue(fields.role);
  // A relative range ("last hour") is turned into times once, when chosen, not on every render.
  const times = useMemo(() => rangeToQuery(fields.range), [fields.range]);
  const filter = { user, role, ...times };
  const pages = useCursorPages(JSON.stringify([filter, preferences.pageSize]));
  const audit = useAuditLog(filter, pages.cursor, preferences.pageSize);
  const pager = pages.pager(audit.data?.next_cursor);
  const filtered = fields.user !== "" || fields.role !== "" || fields.range !== null;

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={
            profile.is_admin
              ? "Every credential issued or refused, and every console and CLI sign-in."
              : "Your own credential and sign-in events. Administrators see everyone's."
          }
        >
          Audit log
        </Header>
      }
    >
      <SpaceBetween size="m">
        {audit.isError && (
          <ApiErrorAlert
            header="Could not load the audit log"
            error={audit.error}
            action={<Button onClick={() => void audit.refetch()}>Retry</Button>}
          />
        )}
        <Table
          items={audit.data?.events ?? []}
          trackBy="id"
          columnDefinitions={auditColumns}
          visibleColumns={preferences.visibleColumns}
          loading={audit.isPending}
          loadingText="Loading events"
          resizableColumns
          stickyColumns={{ first: 1 }}
          header={
            <Header
              actions={
                <Button
                  iconName="refresh"
                  ariaLabel="Refresh events"
                  loading={audit.isFetching}
                  onClick={() => void audit.refetch()}
                />
              }
            >
              Events
            </Header>
          }
          filter={
            <AuditFilters value={fields} onChange={setFields} canFilterUsers={profile.is_admin} />
          }
          preferences={
            <AuditPreferencesButton preferences={preferences} onChange={setPreferences} />
          }
          pagination={
            <Pagination
              currentPageIndex={pager.pageIndex}
              pagesCount={pager.pagesCount}
              openEnd={pager.openEnd}
              onChange={({ detail }) => pager.goTo(detail.currentPageIndex)}
            />
          }
          empty={
            <Box textAlign="center" color="inherit" padding="l">
              <Box variant="strong" color="inherit">
                No events
              </Box>
              <Box variant="p" color="inherit">
                {filtered ? "No event matches these filters." : "Nothing has been recorded yet."}
              </Box>
              {filtered && <Button onClick={() => setFields(NO_FILTERS)}>Clear filters</Button>}
            </Box>
          }
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
