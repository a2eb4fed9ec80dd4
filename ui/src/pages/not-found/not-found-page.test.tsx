import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

describe("NotFoundPage", () => {
  it("names the unknown path and links home", async () => {
    mockFetch({ "GET /api/v2/user_profile": jsonResponse(userProfile()) });
    const app = renderApp("/no/such/page");

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeVisible();
    expect(screen.getByText("/no/such/page")).toBeVisible();

    await app.user.click(screen.getByRole("link", { name: "Go to the home page" }));
    await waitFor(() => expect(app.location()).toBe("/"));
    expect(await screen.findByRole("heading", { level: 1, name: "My roles" })).toBeVisible();
  });
});
