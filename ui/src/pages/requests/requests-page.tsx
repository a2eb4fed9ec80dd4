import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Table from "@cloudscape-design/components/table";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import {
  REQUESTS_PAGE_SIZE,
  useAwaitingCount,
  useRequestList,
} from "../../api/use-change-requests";
import { useInventoryAccounts } from "../../api/use-inventory-accounts";
import { useSession } from "../../app/session";
import { CursorPagination, pagedCounter } from "../../components/cursor-pagination";
import { TableEmptyState } from "../../components/table-empty-state";
import { useCursorPages } from "../../components/use-cursor-pages";
import { useDebouncedValue } from "../../components/use-debounced-value";
import { useRouterFollow } from "../../components/use-router-follow";
import { requestColumns } from "./request-columns";
import { RequestFilters } from "./request-filters";
import {
  EMPTY_SEARCH,
  isFiltered,
  searchFromParams,
  searchToParams,
  type RequestSearch,
} from "./request-search";

function description(awaiting: boolean, isAdmin: boolean): string {
  const how =
    "To ask for a change, open a role, user, bucket, queue or topic and choose Request changes.";
  if (awaiting) return "Pending requests you may approve or reject.";
  return isAdmin ? `Every permission request. ${how}` : `Your permission requests. ${how}`;
}

function emptyText(awaiting: boolean, filtered: boolean): { title: string; body: string } {
  if (awaiting) {
    return { title: "Nothing waiting for you", body: "No pending request needs your approval." };
  }
  if (filtered) return { title: "No matching requests", body: "No request matches these filters." };
  return {
    title: "No requests yet",
    body: "Requests for permission changes appear here once submitted.",
  };
}

/**
 * `/requests`: permission requests, filtered, ordered and paged by the server; or those
 * waiting for the user's approval (`?view=awaiting`).
 */
export default function RequestsPage() {
  const profile = useSession();
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params);
  const onFollow = useRouterFollow();
  const accountList = useInventoryAccounts("", undefined, 2000).data?.accounts;
  const accounts = useMemo(() => accountList ?? [], [accountList]);
  // Typed filters reach the server once typing pauses; chosen ones at once.
  const requester = useDebouncedValue(search.requester, 400);
  const arn = useDebouncedValue(search.arn, 400);
  const filter = { ...search, requester, arn };

  const pages = useCursorPages(searchToParams(filter).toString());
  const awaiting = search.view === "awaiting";
  const awaitingCount = useAwaitingCount();
  const list = useRequestList({
    awaitingMe: awaiting,
    status: filter.status || undefined,
    requester: profile.is_admin ? filter.requester : undefined,
    account: filter.account,
    arn: filter.arn,
    order: filter.order,
    cursor: pages.cursor,
    limit: REQUESTS_PAGE_SIZE,
  });
  const pager = pages.pager(list.isPlaceholderData ? undefined : list.data?.cursor);
  const items = list.data?.requests ?? [];
  const accountNames = useMemo(
    () => new Map(accounts.map((account) => [account.id, account.name])),
    [accounts],
  );
  const columns = useMemo(() => requestColumns(onFollow, accountNames), [onFollow, accountNames]);
  const setSearch = (next: RequestSearch) => setParams(searchToParams(next), { replace: true });
  const filtered = isFiltered(search);
  const empty = emptyText(awaiting, filtered);

  return (
    <Table
      variant="full-page"
      items={items}
      trackBy="id"
      columnDefinitions={columns}
      loading={list.isPending || list.isPlaceholderData}
      loadingText="Loading requests"
      stickyHeader
      wrapLines
      ariaLabels={{ tableLabel: "Requests" }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={list.data ? pagedCounter(items.length, pager) : undefined}
          description={description(awaiting, profile.is_admin)}
          actions={
            <Button href="/requests/new" onFollow={onFollow}>
              Request changes
            </Button>
          }
        >
          Requests
        </Header>
      }
      filter={
        <RequestFilters
          search={search}
          accounts={accounts}
          canFilterRequester={profile.is_admin}
          awaiting={awaitingCount}
          onChange={setSearch}
        />
      }
      pagination={<CursorPagination pager={pager} disabled={list.isPending} />}
      empty={
        <TableEmptyState
          query={list}
          errorHeader="Could not load the requests"
          title={empty.title}
          body={empty.body}
          action={
            filtered && <Button onClick={() => setSearch(EMPTY_SEARCH)}>Clear filters</Button>
          }
        />
      }
    />
  );
}
