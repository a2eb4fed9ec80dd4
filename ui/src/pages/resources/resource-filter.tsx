import PropertyFilter, {
  type PropertyFilterProps,
} from "@cloudscape-design/components/property-filter";
import type { InventoryAccount } from "../../api/types";
import { RESOURCE_KINDS, RESOURCE_LABELS } from "../../lib/resource-paths";
import { queryToSearch, searchToQuery, type ResourceSearch } from "./resource-search";

const PROPERTIES: PropertyFilterProps.FilteringProperty[] = [
  {
    key: "account",
    propertyLabel: "Account",
    groupValuesLabel: "Accounts",
    operators: ["="],
  },
  { key: "type", propertyLabel: "Type", groupValuesLabel: "Types", operators: ["="] },
  {
    key: "tag",
    propertyLabel: "Tag (key:value)",
    groupValuesLabel: "Tags",
    operators: ["="],
  },
];

interface ResourceFilterProps {
  search: ResourceSearch;
  accounts: readonly InventoryAccount[];
  countText: string | undefined;
  onChange: (search: ResourceSearch) => void;
}

/** Free text searches ARNs and names; properties filter by account, type and tag. */
export function ResourceFilter({ search, accounts, countText, onChange }: ResourceFilterProps) {
  const options: PropertyFilterProps.FilteringOption[] = [
    ...accounts.map((account) => ({
      propertyKey: "account",
      value: account.id,
      label: `${account.name} (${account.id})`,
    })),
    ...RESOURCE_KINDS.map((kind) => ({
      propertyKey: "type",
      value: kind,
      label: RESOURCE_LABELS[kind],
    })),
  ];
  return (
    <PropertyFilter
      query={searchToQuery(search)}
      onChange={({ detail }) => onChange(queryToSearch(detail))}
      filteringProperties={PROPERTIES}
      filteringOptions={options}
      filteringPlaceholder="Search by name or ARN, or filter by account, type or tag"
      filteringAriaLabel="Search resources"
      countText={countText}
      hideOperations
      expandToViewport
      i18nStrings={{ filteringAriaLabel: "Search resources" }}
    />
  );
}
