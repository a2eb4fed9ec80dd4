import type { PropertyFilterProps } from "@cloudscape-design/components/property-filter";

/** One resource search as the URL and the API know it; empty strings mean "any". */
export interface ResourceSearch {
  q: string;
  account: string;
  type: string;
  tag: string;
}

export const FILTER_KEYS = ["account", "type", "tag"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export const EMPTY_SEARCH: ResourceSearch = { q: "", account: "", type: "", tag: "" };

export function searchFromParams(params: URLSearchParams): ResourceSearch {
  return {
    q: params.get("q")?.trim() ?? "",
    account: params.get("account")?.trim() ?? "",
    type: params.get("type")?.trim() ?? "",
    tag: params.get("tag")?.trim() ?? "",
  };
}

/** Query-string parameters of a search, empty fields left out (so links stay short). */
export function searchToParams(search: ResourceSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["q", ...FILTER_KEYS] as const) {
    if (search[key]) params.set(key, search[key]);
  }
  return params;
}

/** The property filter's tokens for a search. */
export function searchToQuery(search: ResourceSearch): PropertyFilterProps.Query {
  const tokens: PropertyFilterProps.Token[] = [];
  if (search.q) tokens.push({ operator: ":", value: search.q });
  for (const key of FILTER_KEYS) {
    if (search[key]) tokens.push({ propertyKey: key, operator: "=", value: search[key] });
  }
  return { operation: "and", tokens };
}

function isFilterKey(key: string | undefined): key is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(key ?? "");
}

/**
 * A search from the property filter's tokens. The API takes one value per field, so a later
 * token of the same property replaces an earlier one; free text becomes `q`.
 */
export function queryToSearch(query: PropertyFilterProps.Query): ResourceSearch {
  const search = { ...EMPTY_SEARCH };
  for (const token of query.tokens) {
    const value = String(token.value ?? "").trim();
    if (!value) continue;
    if (isFilterKey(token.propertyKey)) search[token.propertyKey] = value;
    else if (!token.propertyKey) search.q = value;
  }
  return search;
}

/** A stable key of a search (for caches and for resetting the page). */
export function searchKey(search: ResourceSearch): string {
  return searchToParams(search).toString();
}
