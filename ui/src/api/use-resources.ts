import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { ResourceType } from "./types";

export interface ResourceSearchParams {
  q: string;
  account?: string | undefined;
  type?: ResourceType | undefined;
  tag?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * One page of the resource search. The previous page stays on screen while the next one
 * loads, so the table does not flash empty between pages.
 */
export function useResourceSearch(params: ResourceSearchParams) {
  return useQuery({
    queryKey: [...queryKeys.resources, params],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/resources", {
        query: {
          q: params.q || undefined,
          account: params.account || undefined,
          type: params.type,
          tag: params.tag || undefined,
          cursor: params.cursor,
          limit: String(params.limit),
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
