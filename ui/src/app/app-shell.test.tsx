import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../test/fetch-mock";
import { authMethods, userProfile } from "../test/fixtures";
import { renderApp } from "../test/render-app";

describe("AppShell", () => {
  it("shows the site name, the navigation and the signed-in user", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(
        userProfile({ site: { name: "Acme Access", dev_mode: false } }),
      ),
    });
    renderApp("/");

    await screen.findByRole("heading", { level: 1, name: "My roles" });
    expect(screen.getAllByText("Acme Access").length).toBeGreaterThan(0);
    expect(screen.getByRole("link", { name: "My roles" })).toHaveAttribute("href", "/");
    expect(screen.getAllByText("alice@example.com").length).toBeGreaterThan(0);
  });

  it("signs out with the XSRF token and returns to the sign-in page", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "POST /api/v2/auth/sign_out": jsonResponse({ signed_out: true }),
      "GET /api/v2/auth/methods": jsonResponse(authMethods()),
    });
    document.cookie = "_xsrf=signed-in-token";
    const app = renderApp("/");
    await screen.findByRole("heading", { level: 1, name: "My roles" });

    // jsdom has no layout, so the top bar is in its narrow form: utilities sit under "More".
    await app.user.click(screen.getByRole("button", { name: "More" }));
    await app.user.click(await screen.findByRole("button", { name: /alice@example.com/ }));
    await app.user.click(await screen.findByText("Sign out"));

    await waitFor(() => expect(app.location()).toBe("/sign-in"));
    expect(server.calls("POST /api/v2/auth/sign_out")[0]?.headers.get("X-Xsrftoken")).toBe(
      "signed-in-token",
    );
    expect(app.queryClient.getQueryData(["user_profile"])).toBeUndefined();
  });
});
