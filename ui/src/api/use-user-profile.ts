import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";

/** The signed-in user; the query fails with a 401 `ApiError` when nobody is signed in. */
export function useUserProfile() {
  return useQuery({
    queryKey: queryKeys.userProfile,
    queryFn: ({ signal }) => apiRequest("get", "/api/v2/user_profile", { signal }),
    staleTime: 60_000,
  });
}
