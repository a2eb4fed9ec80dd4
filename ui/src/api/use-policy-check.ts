import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { PolicyCheckKind } from "./types";

/**
 * The server's check of a policy document (validity and findings). `document` null means
 * nothing to check; the previous answer stays while the next one loads, so markers do not
 * flicker as the user types.
 */
export function usePolicyCheck(
  document: Record<string, unknown> | null,
  kind: PolicyCheckKind,
  targetArn: string | undefined,
) {
  const text = document === null ? null : JSON.stringify(document);
  return useQuery({
    queryKey: [...queryKeys.policyCheck, kind, targetArn ?? "", text],
    queryFn: ({ signal }) =>
      apiRequest("post", "/api/v2/policies/check", {
        body: { policy_document: document ?? {}, kind, target_arn: targetArn ?? null },
        signal,
      }),
    enabled: document !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}
