import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";

type Fetcher<T> = (refresh: boolean, signal?: AbortSignal) => Promise<T>;

/** `?refresh=1` asks the server to read the resource from AWS now instead of its cache. */
function refreshQuery(refresh: boolean) {
  return refresh ? { refresh: "1" } : {};
}

/**
 * A resource's detail from the cache, plus `refresh`: a live read from AWS whose answer
 * replaces the cached one on screen.
 */
function useDetail<T>(kind: string, key: readonly string[], fetcher: Fetcher<T>) {
  const queryClient = useQueryClient();
  const queryKey = [...queryKeys.resourceDetail, kind, ...key];
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetcher(false, signal),
    staleTime: 30_000,
  });
  const refresh = useMutation({
    mutationFn: () => fetcher(true),
    onSuccess: (data) => queryClient.setQueryData(queryKey, data),
  });
  return { query, refresh };
}

export function useRoleDetail(account: string, name: string) {
  return useDetail("role", [account, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/roles/{account}/{name}", {
      pathParams: { account, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}

export function useUserDetail(account: string, name: string) {
  return useDetail("user", [account, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/users/{account}/{name}", {
      pathParams: { account, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}

export function useManagedPolicyDetail(account: string, name: string) {
  return useDetail("managed_policy", [account, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/managed_policies/{account}/{name}", {
      pathParams: { account, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}

export function useBucketDetail(account: string, name: string) {
  return useDetail("s3", [account, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/s3/{account}/{name}", {
      pathParams: { account, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}

export function useQueueDetail(account: string, region: string, name: string) {
  return useDetail("sqs", [account, region, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/sqs/{account}/{region}/{name}", {
      pathParams: { account, region, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}

export function useTopicDetail(account: string, region: string, name: string) {
  return useDetail("sns", [account, region, name], (refresh, signal) =>
    apiRequest("get", "/api/v2/sns/{account}/{region}/{name}", {
      pathParams: { account, region, name },
      query: refreshQuery(refresh),
      signal,
    }),
  );
}
