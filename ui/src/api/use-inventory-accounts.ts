import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isApiError } from "./api-error";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { RefreshRequest } from "./types";

/** One page of the accounts ConsoleMe knows, with the state of their inventory. */
export function useInventoryAccounts(q: string, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...queryKeys.inventoryAccounts, { q, cursor, limit }],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/accounts", {
        query: { q: q || undefined, cursor, limit: String(limit) },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The service control policies applying to an account (not fetched while `account` is null). */
export function useServiceControlPolicies(account: string | null) {
  return useQuery({
    queryKey: [...queryKeys.serviceControlPolicies, account],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/service_control_policies/{account}", {
        pathParams: { account: account ?? "" },
        signal,
      }),
    enabled: account !== null,
    staleTime: 60_000,
  });
}

/** Queues a background refresh of an account or one ARN; answers the job id. */
export function useRequestInventoryRefresh() {
  return useMutation({
    mutationFn: (body: RefreshRequest) => apiRequest("post", "/api/v2/inventory/refresh", { body }),
  });
}

const POLL_MS = 2000;

/**
 * Follows a refresh job until it is done or failed; then the account list is read again so
 * its refresh times and errors are current.
 */
export function useInventoryRefreshJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...queryKeys.inventoryRefresh, jobId],
    queryFn: async ({ signal }) => {
      const job = await apiRequest("get", "/api/v2/inventory/refresh/{job_id}", {
        pathParams: { job_id: jobId ?? "" },
        signal,
      });
      if (job.status === "done" || job.status === "failed") {
        await queryClient.invalidateQueries({ queryKey: queryKeys.inventoryAccounts });
      }
      return job;
    },
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      if (status === "done" || status === "failed" || isApiError(query.state.error)) return false;
      return POLL_MS;
    },
  });
}
