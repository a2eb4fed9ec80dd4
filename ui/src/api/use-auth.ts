import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { DevLoginRequest } from "./types";

/** Which sign-in methods the server offers (no session needed). */
export function useAuthMethods() {
  return useQuery({
    queryKey: queryKeys.authMethods,
    queryFn: ({ signal }) => apiRequest("get", "/api/v2/auth/methods", { signal }),
    staleTime: Infinity,
  });
}

/** Signs in as a development user; on success the profile is cached for the auth gate. */
export function useDevLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DevLoginRequest) => apiRequest("post", "/api/v2/auth/dev_login", { body }),
    onSuccess: (profile) => queryClient.setQueryData(queryKeys.userProfile, profile),
  });
}

/** Ends the session. The caller navigates away, then drops every cached query of that user. */
export function useSignOut() {
  return useMutation({
    mutationFn: () => apiRequest("post", "/api/v2/auth/sign_out"),
  });
}
