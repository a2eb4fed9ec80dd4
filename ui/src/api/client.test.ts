import { describe, expect, it, vi } from "vitest";
import { errorResponse, jsonResponse, mockFetch } from "../test/fetch-mock";
import { userProfile } from "../test/fixtures";
import { ApiError } from "./api-error";
import { apiRequest } from "./client";

describe("apiRequest", () => {
  it("sends the current _xsrf cookie as X-Xsrftoken on state-changing calls", async () => {
    const server = mockFetch({ "POST /api/v2/auth/sign_out": jsonResponse({ signed_out: true }) });
    document.cookie = "_xsrf=first";
    document.cookie = "_xsrf=2|rotated|token|1700000000";

    await expect(apiRequest("post", "/api/v2/auth/sign_out")).resolves.toEqual({
      signed_out: true,
    });

    const [request] = server.calls("POST /api/v2/auth/sign_out");
    expect(request?.headers.get("X-Xsrftoken")).toBe("2|rotated|token|1700000000");
    expect(request?.credentials).toBe("same-origin");
  });

  it("sends no X-Xsrftoken on GET, nor when there is no cookie", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "POST /api/v2/auth/sign_out": jsonResponse({ signed_out: true }),
    });
    document.cookie = "_xsrf=token";
    await apiRequest("get", "/api/v2/user_profile");
    document.cookie = "_xsrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
    await apiRequest("post", "/api/v2/auth/sign_out");

    expect(server.requests.map((r) => r.headers.has("X-Xsrftoken"))).toEqual([false, false]);
    expect(server.requests[0]?.credentials).toBe("same-origin");
  });

  it("turns the server's error body into an ApiError", async () => {
    mockFetch({
      "GET /api/v2/user_profile": errorResponse(401, "unauthenticated", "Sign in first"),
    });
    const error = await apiRequest("get", "/api/v2/user_profile").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: "unauthenticated",
      message: "Sign in first",
      requestId: "req-unauthenticated",
    });
  });

  it("copes with non-JSON errors and network failures", async () => {
    mockFetch({
      "GET /api/v2/auth/methods": new Response("<html>Bad gateway</html>", {
        status: 502,
        statusText: "Bad Gateway",
      }),
    });
    await expect(apiRequest("get", "/api/v2/auth/methods")).rejects.toMatchObject({
      status: 502,
      code: "http_error",
      message: "The server answered 502 Bad Gateway.",
    });

    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    await expect(apiRequest("get", "/api/v2/auth/methods")).rejects.toMatchObject({
      status: 0,
      code: "network_error",
    });
  });

  it("sends JSON bodies", async () => {
    const server = mockFetch({ "POST /api/v2/auth/dev_login": jsonResponse(userProfile()) });
    await apiRequest("post", "/api/v2/auth/dev_login", { body: { user: "bob", groups: ["a"] } });
    const [request] = server.requests;
    expect(request?.body).toEqual({ user: "bob", groups: ["a"] });
    expect(request?.headers.get("Content-Type")).toBe("application/json");
  });
  it("keeps ':' and '@' in path parameters, so ARN routes match, and encodes the rest", async () => {
    const server = mockFetch({});
    document.cookie = "_xsrf=t";
    await apiRequest("put", "/api/v2/favorite_roles/{arn}", {
      pathParams: { arn: "arn:aws:iam::123456789012:role/team/admin?x#y" },
    }).catch(() => undefined);
    expect(server.requests[0]?.url).toBe(
      "/api/v2/favorite_roles/arn:aws:iam::123456789012:role%2Fteam%2Fadmin%3Fx%23y",
    );
  });

  it("reads error bodies that carry no status (role_login's type: error)", async () => {
    mockFetch({
      "GET /api/v2/role_login/nothing": jsonResponse(
        { type: "error", code: "not_found", message: "No role matches", request_id: "r1" },
        404,
      ),
    });
    await expect(
      apiRequest("get", "/api/v2/role_login/{query}", { pathParams: { query: "nothing" } }),
    ).rejects.toMatchObject({
      status: 404,
      code: "not_found",
      message: "No role matches",
      requestId: "r1",
    });
  });
});
