import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const ROUTE = "/api/v2/challenge_validator/tok_123";
const MESSAGE =
  "A command line client asks to sign in as **alice@example.com** from `10.0.0.7`. " +
  "Approve only if you started it.\n\n<img src=x onerror=alert(1)>";

describe("ChallengePage", { timeout: 20_000 }, () => {
  it("shows the request safely, approves it with the nonce and says to return to the terminal", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET ${ROUTE}`]: jsonResponse({ message: MESSAGE, nonce: "n-1", show_approve_button: true }),
      [`POST ${ROUTE}`]: jsonResponse({ status: "success", message: "Approved: signed in." }),
    });
    document.cookie = "_xsrf=xsrf-1";
    const app = renderApp("/challenge_validator/tok_123");

    expect(await screen.findByText("alice@example.com", { selector: "strong" })).toBeVisible();
    expect(screen.getByText("10.0.0.7")).toBeVisible();
    // Server text is text, never markup.
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeVisible();
    expect(document.querySelector("img[src=x]")).toBeNull();

    await app.user.click(screen.getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("You can return to your terminal")).toBeVisible();
    const [post] = server.calls(`POST ${ROUTE}`);
    expect(post?.body).toEqual({ nonce: "n-1" });
    expect(post?.headers.get("X-Xsrftoken")).toBe("xsrf-1");
    expect(server.calls(`GET ${ROUTE}`)).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("explains an expired or reused challenge", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET ${ROUTE}`]: errorResponse(403, "challenge_used", "this challenge was already used"),
    });
    renderApp("/challenge_validator/tok_123");

    expect(await screen.findByText("This sign-in request was already used")).toBeVisible();
    expect(screen.getByText("This challenge was already used.")).toBeVisible();
    expect(screen.getByText(/Run the command in your terminal again/)).toBeVisible();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("shows an approval refused for another IP address", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET ${ROUTE}`]: jsonResponse({
        message: "Approve?",
        nonce: "n",
        show_approve_button: true,
      }),
      [`POST ${ROUTE}`]: errorResponse(
        403,
        "challenge_ip",
        "this challenge was created from another IP address",
      ),
    });
    const app = renderApp("/challenge_validator/tok_123");
    await app.user.click(await screen.findByRole("button", { name: "Approve" }));

    expect(
      await screen.findByText("This sign-in request came from another IP address"),
    ).toBeVisible();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Approve" })).toBeNull());
  });
});
