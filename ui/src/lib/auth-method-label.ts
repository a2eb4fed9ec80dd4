const LABELS: Record<string, string> = {
  dev: "Development sign-in",
  oidc: "Single sign-on (OIDC)",
  header: "Access proxy",
};

/** A readable name for the `auth_method` of a session; unknown methods are shown as given. */
export function authMethodLabel(method: string): string {
  return LABELS[method] ?? method;
}
