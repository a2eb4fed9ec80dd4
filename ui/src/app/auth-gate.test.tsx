import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { errorResponse, jsonResponse, mockFetch } from "../test/fetch-mock";
import { authMethods, userProfile } from "../test/fixtures";
import { renderApp } from "../test/render-app";

describe("AuthGate", () => {
  it("sends a signed-out user to sign-in with next set to where they were going", async () => {
    mockFetch({
      "GET /api/v2/user_profile": errorResponse(401, "unauthenticated", "Sign in first"),
      "GET /api/v2/auth/methods": jsonResponse(authMethods()),
    });
    const app = renderApp("/some/page?tab=2");

    await waitFor(() => expect(app.location()).toBe("/sign-in?next=%2Fsome%2Fpage%3Ftab%3D2"));
    expect(await screen.findByRole("table", { name: "Development users" })).toBeVisible();
  });

  it("shows a spinner, not a blank page, while the session loads", async () => {
    let answer: (response: Response) => void = () => undefined;
    mockFetch({
      "GET /api/v2/user_profile": () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderApp("/");

    expect(await screen.findByText("Loading your session…")).toBeInTheDocument();
    answer(jsonResponse(userProfile()));
    expect(await screen.findByRole("heading", { level: 1, name: "My roles" })).toBeVisible();
  });

  it("shows other errors with a retry instead of redirecting", async () => {
    mockFetch({ "GET /api/v2/user_profile": errorResponse(503, "store_unavailable", "Try later") });
    const app = renderApp("/");

    expect(await screen.findByText("Could not load your session")).toBeVisible();
    expect(screen.getByText("Try later")).toBeVisible();
    expect(app.location()).toBe("/");
  });
});
