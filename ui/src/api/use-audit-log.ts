import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";

export interface AuditFilter {
  user: string;
  role: string;
  since?: string;
  until?: string;
}

/** One page of audit events, newest first (non-admins get only their own). */
export function useAuditLog(filter: AuditFilter, cursor: string | undefined, limit = 50) {
  return useQuery({
    queryKey: [...queryKeys.audit, filter, cursor, limit],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/audit", {
        signal,
        query: {
          user: filter.user.trim() || undefined,
          role: filter.role.trim() || undefined,
          since: filter.since,
          until: filter.until,
          limit: String(limit),
          cursor,
        },
      }),
    placeholderData: keepPreviousData,
  });
}
