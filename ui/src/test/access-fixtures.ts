import type {
  AuditEvent,
  AuditPage,
  EligibleRole,
  EligibleRolesPage,
  RoleMapping,
} from "../api/types";

export const PROD = "111111111111";
export const STAGING = "222222222222";

export function eligibleRole(overrides: Partial<EligibleRole> = {}): EligibleRole {
  const account_id = overrides.account_id ?? PROD;
  const role_name = overrides.role_name ?? "engineering-admin";
  return {
    arn: `arn:aws:iam::${account_id}:role/${role_name}`,
    account_id,
    account_name: "prod",
    role_name,
    cli_only: false,
    favorite: false,
    max_session_duration: 3600,
    ...overrides,
  };
}

/** alice's roles: a favorite, two prod roles (one CLI only) and one in staging. */
export function eligibleRolesPage(overrides: Partial<EligibleRolesPage> = {}): EligibleRolesPage {
  return {
    roles: [
      eligibleRole({ account_id: STAGING, account_name: "staging", favorite: true }),
      eligibleRole(),
      eligibleRole({ role_name: "ci-deployer", cli_only: true, max_session_duration: 43200 }),
      eligibleRole({ role_name: "engineering-readonly" }),
      eligibleRole({
        account_id: STAGING,
        account_name: "staging",
        role_name: "engineering-readonly",
      }),
    ],
    total: 5,
    next_cursor: null,
    accounts: [
      { id: PROD, name: "prod", roles: 3 },
      { id: STAGING, name: "staging", roles: 2 },
    ],
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: "01HZX0000000000000000000",
    time: "2026-03-04T14:05:06.789Z",
    user: "alice@example.com",
    action: "credentials",
    outcome: "issued",
    code: null,
    message: "Credentials issued",
    requested_role: "engineering-admin",
    role_arn: `arn:aws:iam::${PROD}:role/engineering-admin`,
    account_id: PROD,
    source_ip: "10.1.2.3",
    user_agent: "weep/0.3.26 Go-http-client/1.1",
    client_kind: "weep",
    ip_restricted: true,
    duration_seconds: 3600,
    request_id: "req-0001",
    metadata: null,
    ...overrides,
  };
}

export function auditPage(overrides: Partial<AuditPage> = {}): AuditPage {
  return {
    events: [
      auditEvent(),
      auditEvent({
        id: "01HZX0000000000000000001",
        user: "bob@example.com",
        outcome: "refused",
        code: "903",
        message: "bob@example.com may not use this role",
        requested_role: "prod",
        role_arn: null,
        account_id: null,
        client_kind: "cme",
        ip_restricted: null,
        request_id: "req-0002",
      }),
    ],
    next_cursor: null,
    ...overrides,
  };
}

export function roleMapping(overrides: Partial<RoleMapping> = {}): RoleMapping {
  return {
    group: "engineering",
    roles: ["arn:aws:iam::*:role/engineering-admin"],
    cli_only_roles: [],
    source: "dynamic",
    version: 3,
    updated_by: "carol@example.com",
    updated_at: "2026-03-01T09:00:00Z",
    ...overrides,
  };
}
