/** Server URLs the browser navigates to (not fetched): these leave the single-page app. */
export function oidcLoginUrl(next: string): string {
  return `/auth/oidc/login?next=${encodeURIComponent(next)}`;
}
