import { useMutation, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";

/**
 * Opens a CLI sign-in challenge. The server accepts one visit per challenge (it hands out
 * the nonce then), so this is fetched exactly once: never retried or refetched.
 */
export function useChallenge(token: string) {
  return useQuery({
    queryKey: [...queryKeys.challenge, token],
    queryFn: ({ signal }) =>
      apiRequest("get", "/api/v2/challenge_validator/{token}", {
        signal,
        pathParams: { token },
      }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Approves the challenge with the nonce its visit returned. */
export function useApproveChallenge(token: string) {
  return useMutation({
    mutationFn: (nonce: string) =>
      apiRequest("post", "/api/v2/challenge_validator/{token}", {
        pathParams: { token },
        body: { nonce },
      }),
  });
}
