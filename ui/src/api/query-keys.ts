/** Cache keys for TanStack Query, one entry per resource. */
export const queryKeys = {
  authMethods: ["auth", "methods"] as const,
  userProfile: ["user_profile"] as const,
  eligibleRoles: ["eligible_roles"] as const,
  roleLogin: ["role_login"] as const,
  challenge: ["challenge_validator"] as const,
  audit: ["audit"] as const,
  roleMappings: ["role_mappings"] as const,
  resources: ["resources"] as const,
  resourceDetail: ["resource_detail"] as const,
  inventoryAccounts: ["inventory_accounts"] as const,
  serviceControlPolicies: ["service_control_policies"] as const,
  inventoryRefresh: ["inventory_refresh"] as const,
  requests: ["requests"] as const,
  request: ["request"] as const,
  policyCheck: ["policy_check"] as const,
};
