import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { useInventoryAccounts } from "../../api/use-inventory-accounts";
import { useSession } from "../../app/session";
import { TableEmptyState } from "../../components/table-empty-state";
import { useCursorPages } from "../../components/use-cursor-pages";
import { useDebouncedValue } from "../../components/use-debounced-value";
import { useRouterFollow } from "../../components/use-router-follow";
import { accountColumns } from "./account-columns";
import "./accounts-page.css";

const PAGE_SIZE = 100;

/** `/accounts`: every account ConsoleMe knows, with the state of its inventory. */
export default function AccountsPage() {
  const profile = useSession();
  const onFollow = useRouterFollow();
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  const q = useDebouncedValue(text.trim());
  const pages = useCursorPages(q);
  const accounts = useInventoryAccounts(q, pages.cursor, PAGE_SIZE);
  const pager = pages.pager(accounts.isPlaceholderData ? undefined : accounts.data?.next_cursor);
  const items = accounts.data?.accounts ?? [];
  const columns = useMemo(
    () => accountColumns(onFollow, profile.is_admin),
    [onFollow, profile.is_admin],
  );
  const setText = (value: string) => setParams(value ? { q: value } : {}, { replace: true });

  return (
    <Table
      variant="full-page"
      items={items}
      trackBy="id"
      columnDefinitions={columns}
      loading={accounts.isPending || accounts.isPlaceholderData}
      loadingText="Loading accounts"
      stickyHeader
      wrapLines={false}
      ariaLabels={{ tableLabel: "Accounts" }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={accounts.data ? `(${items.length}${pager.openEnd ? "+" : ""})` : undefined}
          description="Accounts from AWS Organizations, settings and plugins, and how fresh their inventory is."
          actions={
            <Button
              iconName="refresh"
              ariaLabel="Reload the list"
              loading={accounts.isFetching && !accounts.isPending}
              onClick={() => void accounts.refetch()}
            />
          }
        >
          Accounts
        </Header>
      }
      filter={
        <TextFilter
          filteringText={text}
          filteringPlaceholder="Find accounts by name or ID"
          filteringAriaLabel="Find accounts"
          countText={accounts.data ? `${items.length} matches` : undefined}
          onChange={({ detail }) => setText(detail.filteringText)}
        />
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
        <TableEmptyState
          query={accounts}
          errorHeader="Could not load the accounts"
          title={q ? "No matching accounts" : "No accounts yet"}
          body={
            q
              ? `No account name or ID contains "${q}".`
              : "Accounts appear once AWS Organizations has been read or accounts are configured."
          }
        />
      }
    />
  );
}
