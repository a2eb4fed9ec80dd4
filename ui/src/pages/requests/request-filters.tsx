import Input from "@cloudscape-design/components/input";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { InventoryAccount } from "../../api/types";
import type { AwaitingCount } from "../../api/use-change-requests";
import { REQUEST_STATUS } from "../../components/change-request/request-status";
import { EMPTY_SEARCH, STATUSES, statusFrom, type RequestSearch } from "./request-search";

const ANY_STATUS: SelectProps.Option = { value: "", label: "Any status" };
const ANY_ACCOUNT: SelectProps.Option = { value: "", label: "Any account" };
const ORDERS: SelectProps.Option[] = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
];

interface RequestFiltersProps {
  search: RequestSearch;
  accounts: readonly InventoryAccount[];
  /** Only those who see everyone's requests may ask for someone else's. */
  canFilterRequester: boolean;
  /** How many wait for the user's approval, once known. */
  awaiting: AwaitingCount | undefined;
  onChange: (search: RequestSearch) => void;
}

function pick(options: readonly SelectProps.Option[], value: string, fallback: SelectProps.Option) {
  return options.find((option) => option.value === value) ?? fallback;
}

function awaitingLabel(awaiting: AwaitingCount | undefined): string {
  if (!awaiting) return "Waiting for my approval";
  return `Waiting for my approval (${awaiting.count}${awaiting.more ? "+" : ""})`;
}

/**
 * The view (all requests, or those waiting for my approval), the status, requester, account
 * and ARN filters, and the order; all applied by the server. Waiting requests are pending by
 * definition, so that view has only the order.
 */
export function RequestFilters(props: RequestFiltersProps) {
  const { search, accounts, canFilterRequester, awaiting, onChange } = props;
  const statusOptions = [
    ANY_STATUS,
    ...STATUSES.map((status) => ({ value: status, label: REQUEST_STATUS[status].label })),
  ];
  const accountOptions: SelectProps.Option[] = [
    ANY_ACCOUNT,
    ...accounts.map((account) => ({
      value: account.id,
      label: account.name,
      description: account.id,
    })),
  ];
  // An account in the URL that the list does not know still shows (as its id).
  const account = search.account
    ? pick(accountOptions, search.account, { value: search.account, label: search.account })
    : ANY_ACCOUNT;
  const all = search.view === "all";
  return (
    <SpaceBetween size="s">
      <SegmentedControl
        label="Requests to show"
        selectedId={search.view}
        options={[
          { id: "all", text: "All requests I can see" },
          { id: "awaiting", text: awaitingLabel(awaiting) },
        ]}
        onChange={({ detail }) =>
          // Switching view starts from no filters; the order stays.
          onChange({
            ...EMPTY_SEARCH,
            view: detail.selectedId === "awaiting" ? "awaiting" : "all",
            order: search.order,
          })
        }
      />
      <SpaceBetween direction="horizontal" size="xs">
        {all && (
          <Select
            selectedOption={pick(statusOptions, search.status, ANY_STATUS)}
            options={statusOptions}
            ariaLabel="Filter by status"
            onChange={({ detail }) =>
              onChange({ ...search, status: statusFrom(detail.selectedOption.value) })
            }
          />
        )}
        {all && canFilterRequester && (
          <Input
            type="search"
            value={search.requester}
            placeholder="Requester (e-mail)"
            ariaLabel="Filter by requester"
            onChange={({ detail }) => onChange({ ...search, requester: detail.value })}
          />
        )}
        {all && (
          <Select
            selectedOption={account}
            options={accountOptions}
            filteringType="auto"
            ariaLabel="Filter by account"
            onChange={({ detail }) =>
              onChange({ ...search, account: detail.selectedOption.value ?? "" })
            }
          />
        )}
        {all && (
          <Input
            type="search"
            value={search.arn}
            placeholder="Target ARN (exact)"
            ariaLabel="Filter by ARN"
            onChange={({ detail }) => onChange({ ...search, arn: detail.value })}
          />
        )}
        <Select
          selectedOption={pick(ORDERS, search.order, ORDERS[0] as SelectProps.Option)}
          options={ORDERS}
          ariaLabel="Order"
          onChange={({ detail }) =>
            onChange({
              ...search,
              order: detail.selectedOption.value === "oldest" ? "oldest" : "newest",
            })
          }
        />
      </SpaceBetween>
    </SpaceBetween>
  );
}
