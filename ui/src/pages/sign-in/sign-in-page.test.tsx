import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { authMethods, userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

describe("SignInPage", () => {
  it("lists the development users with their groups and descriptions", async () => {
    mockFetch({ "GET /api/v2/auth/methods": jsonResponse(authMethods()) });
    renderApp("/sign-in");

    const table = await screen.findByRole("table", { name: "Development users" });
    const row = within(table).getByText("alice@example.com").closest("tr") as HTMLElement;
    expect(within(row).getByText("engineering")).toBeInTheDocument();
    expect(within(row).getByText("oncall")).toBeInTheDocument();
    expect(within(row).getByText("Engineer")).toBeInTheDocument();
    expect(within(table).getByText("admin@example.com")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: /ConsoleMe/ })).toBeInTheDocument();
    expect(screen.queryByText("Sign in with single sign-on")).not.toBeInTheDocument();
  });

  it("signs in a listed user with the XSRF token and goes to next", async () => {
    const server = mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods()),
      "POST /api/v2/auth/dev_login": jsonResponse(userProfile({ user: "admin@example.com" })),
    });
    document.cookie = "_xsrf=2|abcd|ef01|1700000000";
    const app = renderApp("/sign-in?next=%2Fno-such-page%3Ftab%3D1");

    await app.user.click(
      await screen.findByRole("button", { name: "Sign in as admin@example.com" }),
    );

    await waitFor(() => expect(app.location()).toBe("/no-such-page?tab=1"));
    const [request] = server.calls("POST /api/v2/auth/dev_login");
    expect(request?.body).toEqual({ user: "admin@example.com", groups: ["admins"] });
    expect(request?.headers.get("X-Xsrftoken")).toBe("2|abcd|ef01|1700000000");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    // The profile from dev_login is used as is: no second round trip before the page shows.
    expect(server.calls("GET /api/v2/user_profile")).toHaveLength(0);
  });

  it("signs in a free-form user with parsed groups", async () => {
    const server = mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods()),
      "POST /api/v2/auth/dev_login": jsonResponse(userProfile({ user: "carol@example.com" })),
    });
    const app = renderApp("/sign-in");

    await app.user.click(await screen.findByText("Sign in as another user"));
    await app.user.type(screen.getByLabelText("Email"), "carol@example.com");
    await app.user.type(screen.getByLabelText(/Groups/), " auditors, ,readers ");
    await app.user.click(screen.getByRole("button", { name: "Sign in" }));

    await waitFor(() => expect(app.location()).toBe("/"));
    expect(server.calls("POST /api/v2/auth/dev_login")[0]?.body).toEqual({
      user: "carol@example.com",
      groups: ["auditors", "readers"],
    });
    expect(server.calls("POST /api/v2/auth/dev_login")[0]?.headers.has("X-Xsrftoken")).toBe(false);
    expect(await screen.findByRole("heading", { level: 1, name: "My roles" })).toBeVisible();
    expect(screen.getAllByText("carol@example.com").length).toBeGreaterThan(0);
  });

  it("asks for a user before submitting the free-form form", async () => {
    const server = mockFetch({ "GET /api/v2/auth/methods": jsonResponse(authMethods()) });
    const app = renderApp("/sign-in");

    await app.user.click(await screen.findByText("Sign in as another user"));
    await app.user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter the user to sign in as.")).toBeInTheDocument();
    expect(server.calls("POST /api/v2/auth/dev_login")).toHaveLength(0);
  });

  it("never follows an off-site next", async () => {
    mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods({ methods: ["dev", "oidc"] })),
      "POST /api/v2/auth/dev_login": jsonResponse(userProfile()),
    });
    const app = renderApp("/sign-in?next=%2F%2Fevil.com%2Fx");

    const sso = await screen.findByRole("link", { name: "Sign in with single sign-on" });
    expect(sso).toHaveAttribute("href", "/auth/oidc/login?next=%2F");
    await app.user.click(screen.getByRole("button", { name: "Sign in as alice@example.com" }));
    await waitFor(() => expect(app.location()).toBe("/"));
  });

  it("offers single sign-on with next passed on", async () => {
    mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods({ methods: ["oidc"], dev_users: [] })),
    });
    renderApp("/sign-in?next=%2Froles%3Fq%3Dadmin");

    const sso = await screen.findByRole("link", { name: "Sign in with single sign-on" });
    expect(sso).toHaveAttribute("href", "/auth/oidc/login?next=%2Froles%3Fq%3Dadmin");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("explains proxy sign-in", async () => {
    mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods({ methods: ["header"], dev_users: [] })),
    });
    renderApp("/sign-in");
    expect(await screen.findByText(/handled by your organization's access proxy/)).toBeVisible();
  });

  it("shows API errors in an alert", async () => {
    mockFetch({
      "GET /api/v2/auth/methods": jsonResponse(authMethods()),
      "POST /api/v2/auth/dev_login": errorResponse(403, "dev_login_disabled", "Dev login is off"),
    });
    const app = renderApp("/sign-in");

    await app.user.click(
      await screen.findByRole("button", { name: "Sign in as alice@example.com" }),
    );

    expect(await screen.findByText("Sign-in failed")).toBeVisible();
    expect(screen.getByText("Dev login is off")).toBeVisible();
    expect(screen.getByText("Request ID: req-dev_login_disabled")).toBeVisible();
    expect(app.location()).toBe("/sign-in");
  });

  it("shows an alert when the sign-in options cannot be loaded", async () => {
    mockFetch({ "GET /api/v2/auth/methods": errorResponse(500, "internal", "Boom") });
    renderApp("/sign-in");
    expect(await screen.findByText("Could not load sign-in options")).toBeVisible();
    expect(screen.getByRole("button", { name: "Retry" })).toBeVisible();
  });
});
