/** Cache keys for TanStack Query, one entry per resource. */
export const queryKeys = {
  authMethods: ["auth", "methods"] as const,
  userProfile: ["user_profile"] as const,
};
