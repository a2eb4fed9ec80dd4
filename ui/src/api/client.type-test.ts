/**
 * Compile-time checks of the typed client (run by `npm run typecheck`; never executed):
 * each `@ts-expect-error` must stay an error, or tsc fails.
 */
import { apiRequest } from "./client";

export async function typedClientChecks() {
  // @ts-expect-error dev_login needs a body
  await apiRequest("post", "/api/v2/auth/dev_login");
  // @ts-expect-error the body must match DevLoginRequest
  await apiRequest("post", "/api/v2/auth/dev_login", { body: { usr: "x" } });
  // @ts-expect-error dev_login has no GET
  await apiRequest("get", "/api/v2/auth/dev_login");
  // @ts-expect-error user_profile takes no body
  await apiRequest("get", "/api/v2/user_profile", { body: { a: 1 } });
  // @ts-expect-error user_profile takes no query
  await apiRequest("get", "/api/v2/user_profile", { query: { a: 1 } });
  // @ts-expect-error unknown path
  await apiRequest("get", "/api/v2/nope");

  const profile = await apiRequest("get", "/api/v2/user_profile");
  const user: string = profile.user;
  const expires: number | null = profile.session_expires_at;
  const signedOut: true = (await apiRequest("post", "/api/v2/auth/sign_out")).signed_out;
  return [user, expires, signedOut];
}
