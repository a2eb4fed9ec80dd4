import { vi } from "vitest";

/** One request as the page sent it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = Response | ((request: RecordedRequest) => Response | Promise<Response>);

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function errorResponse(status: number, code: string, message: string): Response {
  return jsonResponse({ status, code, message, request_id: `req-${code}` }, status);
}

/**
 * Replaces `fetch` with a fake server: `routes` maps "METHOD /path" to a reply.
 * Unknown routes answer 404 so that a missing mock shows up as a visible error.
 */
export function mockFetch(routes: Record<string, Reply>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? "GET").toUpperCase();
    const rawBody = init.body;
    const request: RecordedRequest = {
      method,
      url,
      headers: new Headers(init.headers),
      body: typeof rawBody === "string" ? JSON.parse(rawBody) : undefined,
      credentials: init.credentials,
    };
    requests.push(request);
    const reply = routes[`${method} ${url.split("?")[0]}`];
    if (reply === undefined) return errorResponse(404, "not_found", `No mock for ${method} ${url}`);
    // A Response body can be read once: clone so a route can answer repeatedly.
    return typeof reply === "function" ? reply(request) : reply.clone();
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetchMock,
    requests,
    /** Requests sent to one route, e.g. `calls("POST /api/v2/auth/dev_login")`. */
    calls: (route: string) =>
      requests.filter((r) => `${r.method} ${r.url.split("?")[0]}` === route),
  };
}
