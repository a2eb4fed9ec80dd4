import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { RequestCommand, RequestDetail, RequestStatus, SubmitRequest } from "./types";

/** Requests per page of the list (and of the count of those waiting for the user). */
export const REQUESTS_PAGE_SIZE = 50;

export interface RequestListParams {
  /** Only pending requests the caller may approve; the filters below are then not sent. */
  awaitingMe?: boolean | undefined;
  status?: RequestStatus | undefined;
  requester?: string | undefined;
  account?: string | undefined;
  arn?: string | undefined;
  order: "newest" | "oldest";
  cursor?: string | undefined;
  limit: number;
}

function listQuery(params: RequestListParams) {
  const paging = { order: params.order, cursor: params.cursor, limit: String(params.limit) };
  if (params.awaitingMe) return { awaiting_me: "true", ...paging };
  return {
    status: params.status,
    requester: params.requester || undefined,
    account: params.account || undefined,
    arn: params.arn || undefined,
    ...paging,
  };
}

/** One page of permission requests, filtered and ordered by the server. */
export function useRequestList(params: RequestListParams) {
  const query = listQuery(params);
  return useQuery({
    // The query as sent: the list and the navigation's count share the same first page.
    queryKey: [...queryKeys.requests, query],
    queryFn: ({ signal }) => apiRequest("get", "/api/v2/requests", { query, signal }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export interface AwaitingCount {
  count: number;
  /** More than `count`: the server has another page. */
  more: boolean;
}

/**
 * How many pending requests wait for the caller's approval (one page of them at most);
 * undefined until known, or when it could not be read.
 */
export function useAwaitingCount(): AwaitingCount | undefined {
  const list = useRequestList({ awaitingMe: true, order: "newest", limit: REQUESTS_PAGE_SIZE });
  if (!list.data) return undefined;
  return { count: list.data.requests.length, more: list.data.cursor !== null };
}

/** True while a worker still has to apply (or is applying) a change of the request. */
export function isApplyPending(request: RequestDetail): boolean {
  return request.changes.some(
    (change) => change.status === "approved" || change.status === "applying",
  );
}

const APPLY_POLL_MS = 3000;

/** One request with its previews; polled while changes wait for the worker to apply them. */
export function useRequestDetail(requestId: string) {
  return useQuery({
    queryKey: [...queryKeys.request, requestId],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/requests/{request_id}", {
        pathParams: { request_id: requestId },
        signal,
      }),
    refetchInterval: (query) =>
      query.state.data && isApplyPending(query.state.data) ? APPLY_POLL_MS : false,
  });
}

/**
 * Sends one command (comment, approve, reject, cancel, apply_change, ...). The answer is the
 * request as it is now, which replaces the one on screen.
 */
export function useRequestCommand(requestId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: RequestCommand) =>
      apiRequest("put", "/api/v2/requests/{request_id}", {
        pathParams: { request_id: requestId },
        body: command,
      }),
    onSuccess: (detail) => {
      queryClient.setQueryData([...queryKeys.request, requestId], detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
    },
  });
}

/** Submits a new request; the answer (the stored request) is cached for its page. */
export function useSubmitRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitRequest) => apiRequest("post", "/api/v2/request", { body }),
    onSuccess: (detail) => {
      queryClient.setQueryData([...queryKeys.request, detail.id], detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
    },
  });
}
