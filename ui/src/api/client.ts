/**
 * The one typed client for the ConsoleMe API. Paths, methods, bodies and results are all
 * checked against the generated `schema.d.ts`, so a server change that breaks the UI breaks
 * `npm run typecheck`.
 */
import { readCookie } from "../lib/cookies";
import { ApiError, isErrorBody, isLooseErrorBody } from "./api-error";
import type { paths } from "./schema";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** Paths of the spec that define `method`. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];

type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type JsonContent<T> = T extends { content: { "application/json": infer B } } ? B : undefined;

type SuccessResponse<R> = R extends { 200: infer S }
  ? S
  : R extends { 201: infer S }
    ? S
    : R extends { 202: infer S }
      ? S
      : R extends { 204: unknown }
        ? undefined
        : never;

/** The JSON body of a successful answer to `method path`. */
export type ResponseBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { responses: infer R } ? JsonContent<SuccessResponse<R>> : never;

type RequestBodyOf<Op> = Op extends { requestBody?: infer RB }
  ? [NonNullable<RB>] extends [never]
    ? never
    : Op extends { requestBody: { content: { "application/json": infer B } } }
      ? B
      : JsonContent<NonNullable<RB>> | undefined
  : never;

type ParamsOf<Op, K extends "path" | "query"> = Op extends { parameters: infer Ps }
  ? K extends keyof Ps
    ? Ps[K]
    : never
  : never;

// Two separate checks: `[T] extends [never] | [undefined]` misfires on deferred generics.
type Field<Name extends string, T> = [T] extends [never]
  ? { [Key in Name]?: never }
  : [T] extends [undefined]
    ? { [Key in Name]?: never }
    : undefined extends T
      ? { [Key in Name]?: T }
      : { [Key in Name]: T };

export type RequestOptions<P extends keyof paths, M extends HttpMethod> = Field<
  "body",
  RequestBodyOf<Operation<P, M>>
> &
  Field<"pathParams", ParamsOf<Operation<P, M>, "path">> &
  Field<"query", ParamsOf<Operation<P, M>, "query">> & { signal?: AbortSignal };

type RequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K;
}[keyof T];

/** Options are optional unless the operation needs a body or path parameters. */
type OptionsArg<P extends keyof paths, M extends HttpMethod> = [
  RequiredKeys<RequestOptions<P, M>>,
] extends [never]
  ? [options?: RequestOptions<P, M>]
  : [options: RequestOptions<P, M>];

const XSRF_COOKIE = "_xsrf";
const XSRF_HEADER = "X-Xsrftoken";
const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(["get"]);

type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/**
 * Percent-encodes one path segment, but keeps `:` and `@` (legal in a segment, RFC 3986
 * `pchar`): server routes such as `/favorite_roles/(arn:…)` match the raw path, so an ARN
 * must arrive as `arn:aws:iam::…`, its `/` still encoded.
 */
function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%40/gi, "@");
}

function buildUrl(
  template: string,
  pathParams: Record<string, string | number> | undefined,
  query: Record<string, QueryValue> | undefined,
): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodePathSegment(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const queryString = search.toString();
  return queryString ? `${path}?${queryString}` : path;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, say); fall through to a generic error.
  }
  if (isErrorBody(body)) return new ApiError(body);
  // Some endpoints (role_login) answer `{"type": "error", "code", "message", "request_id"}`.
  if (isLooseErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.message,
      request_id: typeof body.request_id === "string" ? body.request_id : "",
    });
  }
  return new ApiError({
    status: response.status,
    code: "http_error",
    message: `The server answered ${response.status} ${response.statusText}`.trim() + ".",
    request_id: response.headers.get("X-Request-Id") ?? "",
  });
}

/**
 * Calls `method path` and returns the parsed JSON answer; throws `ApiError` otherwise.
 * State-changing calls carry the `_xsrf` cookie's current value in `X-Xsrftoken`.
 */
export async function apiRequest<M extends HttpMethod, P extends PathsWith<M>>(
  method: M,
  path: P,
  ...[options]: OptionsArg<P, M>
): Promise<ResponseBody<P, M>> {
  const opts = (options ?? {}) as {
    body?: unknown;
    pathParams?: Record<string, string | number>;
    query?: Record<string, QueryValue>;
    signal?: AbortSignal;
  };
  const headers = new Headers({ Accept: "application/json" });
  if (opts.body !== undefined) headers.set("Content-Type", "application/json");
  if (!SAFE_METHODS.has(method)) {
    const token = readCookie(document.cookie, XSRF_COOKIE);
    if (token !== undefined) headers.set(XSRF_HEADER, token);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, opts.pathParams, opts.query), {
      method: method.toUpperCase(),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({
      status: 0,
      code: "network_error",
      message: "Could not reach the server. Check your connection and try again.",
      request_id: "",
    });
  }

  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as ResponseBody<P, M>;
  return (await response.json()) as ResponseBody<P, M>;
}
