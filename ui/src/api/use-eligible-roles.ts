import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { EligibleRolesPage } from "./types";

export type RoleAccessFilter = "all" | "console" | "cli_only";

export interface EligibleRolesFilter {
  search: string;
  account: string;
  access: RoleAccessFilter;
}

/** One page of the signed-in user's eligible roles, filtered and searched on the server. */
export function useEligibleRoles(
  filter: EligibleRolesFilter,
  cursor: string | undefined,
  limit = 50,
) {
  return useQuery({
    queryKey: [...queryKeys.eligibleRoles, filter, cursor, limit],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/eligible_roles", {
        signal,
        query: {
          search: filter.search.trim() || undefined,
          account: filter.account || undefined,
          access: filter.access,
          limit: String(limit),
          cursor,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

interface FavoriteChange {
  arn: string;
  favorite: boolean;
}

/**
 * Stars or unstars a role. The star changes at once; the lists are then refetched so that
 * favorites move to the top (and the change is undone if the server refused it).
 */
export function useToggleFavorite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ arn, favorite }: FavoriteChange) =>
      favorite
        ? apiRequest("put", "/api/v2/favorite_roles/{arn}", { pathParams: { arn } })
        : apiRequest("delete", "/api/v2/favorite_roles/{arn}", { pathParams: { arn } }),
    onMutate: async ({ arn, favorite }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.eligibleRoles });
      const previous = queryClient.getQueriesData<EligibleRolesPage>({
        queryKey: queryKeys.eligibleRoles,
      });
      queryClient.setQueriesData<EligibleRolesPage>(
        { queryKey: queryKeys.eligibleRoles },
        (page) =>
          page
            ? { ...page, roles: page.roles.map((r) => (r.arn === arn ? { ...r, favorite } : r)) }
            : page,
      );
      return { previous };
    },
    onError: (_error, _change, context) => {
      for (const [key, data] of context?.previous ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.eligibleRoles }),
  });
}
