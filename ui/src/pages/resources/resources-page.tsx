import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { useInventoryAccounts } from "../../api/use-inventory-accounts";
import { useResourceSearch } from "../../api/use-resources";
import type { InventoryAccount } from "../../api/types";
import { CursorPagination, pagedCounter, spansPages } from "../../components/cursor-pagination";
import { TableEmptyState } from "../../components/table-empty-state";
import { useCursorPages } from "../../components/use-cursor-pages";
import { useRouterFollow } from "../../components/use-router-follow";
import { isResourceKind } from "../../lib/resource-paths";
import { resourceColumns } from "./resource-columns";
import { ResourceFilter } from "./resource-filter";
import { ResourcePreferencesButton, useResourcePreferences } from "./resource-preferences";
import {
  EMPTY_SEARCH,
  searchFromParams,
  searchKey,
  searchToParams,
  type ResourceSearch,
} from "./resource-search";

/** An account filter may name the account; the API wants its id. */
function accountId(value: string, accounts: readonly InventoryAccount[]): string | undefined {
  if (!value || /^\d{12}$/.test(value)) return value || undefined;
  const wanted = value.toLowerCase();
  return accounts.find((account) => account.name.toLowerCase() === wanted)?.id ?? value;
}

function matchesText(count: number, paged: boolean): string {
  const matches = `${count} ${count === 1 ? "match" : "matches"}`;
  return paged ? `${matches} on this page` : matches;
}

/** Every cached resource of every account: search, filter, page, open. */
export default function ResourcesPage() {
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params);
  const [preferences, setPreferences] = useResourcePreferences();
  const onFollow = useRouterFollow();
  const accounts = useInventoryAccounts("", undefined, 2000).data?.accounts ?? [];

  const pages = useCursorPages(`${searchKey(search)}|${preferences.pageSize}`);
  const query = useResourceSearch({
    q: search.q,
    account: accountId(search.account, accounts),
    type: isResourceKind(search.type) ? search.type : undefined,
    tag: search.tag || undefined,
    cursor: pages.cursor,
    limit: preferences.pageSize,
  });
  // While the next page loads, the previous answer (and its cursor) is still shown.
  const pager = pages.pager(query.isPlaceholderData ? undefined : query.data?.next_cursor);
  const items = query.data?.items ?? [];
  const columns = useMemo(() => resourceColumns(onFollow), [onFollow]);
  const index = query.data?.index;

  const setSearch = (next: ResourceSearch) => setParams(searchToParams(next), { replace: true });
  const filtered = searchKey(search) !== "";

  return (
    <Table
      variant="full-page"
      items={items}
      trackBy="arn"
      columnDefinitions={columns}
      columnDisplay={columns.map((column) => ({
        id: column.id ?? "",
        visible: preferences.visibleColumns.includes(column.id ?? ""),
      }))}
      loading={query.isPending || query.isPlaceholderData}
      loadingText="Searching resources"
      resizableColumns
      stickyHeader
      wrapLines={false}
      ariaLabels={{ tableLabel: "Resources" }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={query.data ? pagedCounter(items.length, pager) : undefined}
          description="Roles, users, managed policies, buckets, queues and topics of every account, as last read from AWS."
        >
          Resources
        </Header>
      }
      filter={
        <ResourceFilter
          search={search}
          accounts={accounts}
          countText={query.data ? matchesText(items.length, spansPages(pager)) : undefined}
          onChange={setSearch}
        />
      }
      pagination={<CursorPagination pager={pager} disabled={query.isPending} />}
      preferences={
        <ResourcePreferencesButton preferences={preferences} onChange={setPreferences} />
      }
      empty={
        <TableEmptyState
          query={query}
          errorHeader="Could not search resources"
          title={filtered ? "No matching resources" : "No resources yet"}
          body={
            filtered
              ? "No cached resource matches this search."
              : "Nothing is cached yet: the inventory fills in after the first refresh."
          }
          action={filtered && <Button onClick={() => setSearch(EMPTY_SEARCH)}>Clear search</Button>}
          notice={
            index &&
            !index.ready && (
              <Alert type="info" header="The search index is being built">
                Resources appear here within a minute.{" "}
                <Button variant="inline-link" onClick={() => void query.refetch()}>
                  Search again
                </Button>
              </Alert>
            )
          }
        />
      }
    />
  );
}
