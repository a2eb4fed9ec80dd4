/**
 * Names for the server models the UI uses. Every type here is an alias into the generated
 * `schema.d.ts` (run `npm run gen:api`); never a hand-written copy of a server model.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type AuthMethods = Schemas["AuthMethods"];
export type AuthMethod = AuthMethods["methods"][number];
export type DevLoginRequest = Schemas["DevLoginRequest"];
export type DevUser = Schemas["DevUser"];
export type ErrorBody = Schemas["ErrorBody"];
export type SignOutResponse = Schemas["SignOutResponse"];
export type SiteInfo = Schemas["SiteInfo"];
export type UserProfile = Schemas["UserProfile"];
