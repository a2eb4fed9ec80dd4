import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";

export interface RoleLoginRequest {
  /** A full role ARN or a search string, as weep opens `/role/<query>`. */
  query: string;
  region?: string;
  redirect?: string;
}

/**
 * Asks the server for an AWS console sign-in URL for the role `query` names. Each answer
 * holds a fresh, short-lived sign-in token, so it is fetched once per visit: never retried,
 * refetched or kept after the page is left.
 */
export function useRoleLogin({ query, region, redirect }: RoleLoginRequest) {
  return useQuery({
    queryKey: [...queryKeys.roleLogin, query, region ?? null, redirect ?? null],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/role_login/{query}", {
        signal,
        pathParams: { query },
        query: { r: region, redirect },
      }),
    enabled: query.length > 0,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
