import type { AuthMethods, UserProfile } from "../api/types";

export function userProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    user: "alice@example.com",
    groups: ["engineering", "oncall"],
    is_admin: false,
    auth_method: "dev",
    session_expires_at: 1_900_000_000,
    site: { name: "ConsoleMe", dev_mode: true },
    ...overrides,
  };
}

export function authMethods(overrides: Partial<AuthMethods> = {}): AuthMethods {
  return {
    site_name: "ConsoleMe",
    methods: ["dev"],
    dev_users: [
      { user: "alice@example.com", groups: ["engineering", "oncall"], description: "Engineer" },
      { user: "admin@example.com", groups: ["admins"], description: "Administrator" },
    ],
    ...overrides,
  };
}
