import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useMemo, useState } from "react";
import type { EligibleRolesFilter, RoleAccessFilter } from "../../api/use-eligible-roles";

/** The filters besides the search text. */
export type RoleChoice = Omit<EligibleRolesFilter, "search">;
import type { EligibleRolesPage } from "../../api/types";
import type { CursorPager } from "../../components/use-cursor-pages";
import { roleColumns } from "./role-columns";
import { groupRoles, type RoleRow } from "./role-rows";

const ACCESS_OPTIONS: SelectProps.Option[] = [
  { value: "all", label: "Console and CLI-only roles" },
  { value: "console", label: "Console roles" },
  { value: "cli_only", label: "CLI-only roles" },
];

interface RolesTableProps {
  page: EligibleRolesPage | undefined;
  loading: boolean;
  filterText: string;
  onFilterTextChange: (text: string) => void;
  choice: RoleChoice;
  onChoiceChange: (choice: RoleChoice) => void;
  pager: CursorPager;
  onToggleFavorite: (arn: string, favorite: boolean) => void;
  onRefresh: () => void;
}

function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <Box textAlign="center" color="inherit" padding="l">
      <Box variant="strong" color="inherit">
        {filtered ? "No matching roles" : "No roles"}
      </Box>
      <Box variant="p" color="inherit">
        {filtered
          ? "No role matches these filters."
          : "You are not eligible for any role yet. Ask your administrator to map one of your groups to a role."}
      </Box>
      {filtered && <Button onClick={onClear}>Clear filters</Button>}
    </Box>
  );
}

/** The signed-in user's roles, grouped by account (favorites first), searched on the server. */
export function RolesTable(props: RolesTableProps) {
  const { page, choice, onChoiceChange, pager } = props;
  const groups = useMemo(() => groupRoles(page?.roles ?? []), [page]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const columns = useMemo(
    () => roleColumns({ onToggleFavorite: props.onToggleFavorite }),
    [props.onToggleFavorite],
  );

  const accountOptions: SelectProps.Option[] = [
    { value: "", label: "All accounts" },
    ...(page?.accounts ?? []).map((a) => ({
      value: a.id,
      label: a.name ?? a.id,
      description: a.name ? a.id : undefined,
      tags: [`${a.roles} ${a.roles === 1 ? "role" : "roles"}`],
    })),
  ];
  const filtered =
    props.filterText.trim() !== "" || choice.account !== "" || choice.access !== "all";
  const clear = () => {
    props.onFilterTextChange("");
    onChoiceChange({ account: "", access: "all" });
  };

  return (
    <Table<RoleRow>
      variant="container"
      items={groups}
      trackBy="id"
      columnDefinitions={columns}
      loading={props.loading && page === undefined}
      loadingText="Loading your roles"
      expandableRows={{
        getItemChildren: (row) => (row.kind === "group" ? row.children : []),
        isItemExpandable: (row) => row.kind === "group",
        expandedItems: groups.filter((g) => !collapsed.has(g.id)),
        onExpandableItemToggle: ({ detail }) =>
          setCollapsed((previous) => {
            const next = new Set(previous);
            if (detail.expanded) next.delete(detail.item.id);
            else next.add(detail.item.id);
            return next;
          }),
      }}
      header={
        <Header
          counter={page ? `(${page.total})` : undefined}
          description="Sign in to the AWS console in a new tab, or copy a command that gets credentials in your terminal."
          actions={
            <Button
              iconName="refresh"
              ariaLabel="Refresh roles"
              loading={props.loading}
              onClick={props.onRefresh}
            />
          }
        >
          Roles
        </Header>
      }
      filter={
        <div className="my-roles__filters">
          <div className="my-roles__search">
            <TextFilter
              filteringText={props.filterText}
              filteringPlaceholder="Search roles by name, ARN or account"
              filteringAriaLabel="Search roles"
              countText={
                page ? `${page.total} ${page.total === 1 ? "match" : "matches"}` : undefined
              }
              onChange={({ detail }) => props.onFilterTextChange(detail.filteringText)}
            />
          </div>
          <Select
            selectedOption={accountOptions.find((o) => o.value === choice.account) ?? null}
            options={accountOptions}
            ariaLabel="Account"
            onChange={({ detail }) =>
              onChoiceChange({ ...choice, account: detail.selectedOption.value ?? "" })
            }
          />
          <Select
            selectedOption={ACCESS_OPTIONS.find((o) => o.value === choice.access) ?? null}
            options={ACCESS_OPTIONS}
            ariaLabel="Access"
            onChange={({ detail }) =>
              onChoiceChange({ ...choice, access: detail.selectedOption.value as RoleAccessFilter })
            }
          />
        </div>
      }
      pagination={
        <Pagination
          currentPageIndex={pager.pageIndex}
          pagesCount={pager.pagesCount}
          openEnd={pager.openEnd}
          onChange={({ detail }) => pager.goTo(detail.currentPageIndex)}
        />
      }
      empty={<EmptyState filtered={filtered} onClear={clear} />}
    />
  );
}
