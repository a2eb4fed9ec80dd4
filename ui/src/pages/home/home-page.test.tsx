import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatUnixSeconds } from "../../lib/format-time";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

describe("HomePage", () => {
  it("welcomes the user and shows their session", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(
        userProfile({ is_admin: true, auth_method: "oidc", session_expires_at: 1_900_000_000 }),
      ),
    });
    renderApp("/");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Welcome, alice@example.com" }),
    ).toBeVisible();
    expect(screen.getByText("engineering")).toBeVisible();
    expect(screen.getByText("oncall")).toBeVisible();
    expect(screen.getByText("Yes")).toBeVisible();
    expect(screen.getByText("Single sign-on (OIDC)")).toBeVisible();
    expect(screen.getByText(formatUnixSeconds(1_900_000_000))).toBeVisible();
  });

  it("says when there are no groups and no expiry", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(
        userProfile({ groups: [], is_admin: false, session_expires_at: null }),
      ),
    });
    renderApp("/");

    expect(await screen.findByText("No groups")).toBeVisible();
    expect(screen.getByText("No")).toBeVisible();
    expect(screen.getByText("Does not expire")).toBeVisible();
  });
});
