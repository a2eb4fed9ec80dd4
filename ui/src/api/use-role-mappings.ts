import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client";
import { queryKeys } from "./query-keys";
import type { RoleMappingChange } from "./types";

/** Every group-to-role mapping (admins only: pass `enabled: false` for anyone else). */
export function useRoleMappings(enabled = true) {
  return useQuery({
    queryKey: queryKeys.roleMappings,
    queryFn: ({ signal }) => apiRequest("get", "/api/v2/role_mappings", { signal }),
    enabled,
  });
}

export interface SaveRoleMapping {
  group: string;
  change: RoleMappingChange;
}

/** Creates (version 0) or replaces a dynamic mapping; 409 when someone changed it first. */
export function useSaveRoleMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ group, change }: SaveRoleMapping) =>
      apiRequest("put", "/api/v2/role_mappings/{group}", {
        pathParams: { group },
        body: change,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.roleMappings }),
  });
}

/** Deletes a dynamic mapping at the version that was read. */
export function useDeleteRoleMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ group, version }: { group: string; version: number }) =>
      apiRequest("delete", "/api/v2/role_mappings/{group}", {
        pathParams: { group },
        query: { version: String(version) },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.roleMappings }),
  });
}
