import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { leaveApp } from "../../lib/leave-app";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const ARN = "arn:aws:iam::111111111111:role/engineering-admin";
const FEDERATION = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc";

describe("RoleLoginPage", { timeout: 20_000 }, () => {
  it("signs in to the console when one role matches, passing region and deep link on", async () => {
    const assign = vi.spyOn(leaveApp, "assign").mockImplementation(() => undefined);
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/role_login/arn:aws:iam::111111111111:role%2Fengineering-admin": jsonResponse({
        type: "redirect",
        reason: "console_login",
        redirect_url: FEDERATION,
        role: ARN,
        roles: [],
      }),
    });
    const redirect = "https://console.aws.amazon.com/s3/home";
    renderApp(`/role/${ARN}?r=eu-west-1&redirect=${encodeURIComponent(redirect)}`);

    await waitFor(() => expect(assign).toHaveBeenCalledWith(FEDERATION));
    expect(assign).toHaveBeenCalledTimes(1);
    const [request] = server.requests.filter((r) => r.url.startsWith("/api/v2/role_login/"));
    const url = new URL(request?.url ?? "", "http://x");
    expect(url.searchParams.get("r")).toBe("eu-west-1");
    expect(url.searchParams.get("redirect")).toBe(redirect);
    expect(await screen.findByRole("link", { name: /Open the AWS console/ })).toHaveAttribute(
      "href",
      FEDERATION,
    );
  });

  it("lets the user choose when several roles match, then signs in with the chosen ARN", async () => {
    const assign = vi.spyOn(leaveApp, "assign").mockImplementation(() => undefined);
    const other = "arn:aws:iam::222222222222:role/engineering-admin";
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/role_login/engineering-admin": jsonResponse({
        type: "redirect",
        reason: "multiple_roles",
        redirect_url: "/?arn=engineering-admin&warningMessage=eA==",
        role: null,
        roles: [ARN, other],
      }),
      "GET /api/v2/role_login/arn:aws:iam::222222222222:role%2Fengineering-admin": jsonResponse({
        type: "redirect",
        reason: "console_login",
        redirect_url: FEDERATION,
        role: other,
        roles: [],
      }),
    });
    const app = renderApp("/role/engineering-admin?r=us-west-2");

    expect(await screen.findByRole("heading", { name: /Choose a role/ })).toBeVisible();
    expect(screen.getByText(ARN)).toBeVisible();
    await app.user.click(
      screen.getByRole("button", { name: "Sign in as engineering-admin in 222222222222" }),
    );

    await waitFor(() => expect(assign).toHaveBeenCalledWith(FEDERATION));
    expect(app.location()).toBe(`/role/${other}?r=us-west-2`);
  });

  it("explains when no role matches and links back to My roles", async () => {
    const assign = vi.spyOn(leaveApp, "assign");
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/role_login/nothing": jsonResponse(
        {
          type: "error",
          code: "900",
          message: "No console role matches nothing",
          request_id: "r9",
        },
        404,
      ),
    });
    const app = renderApp("/role/nothing");

    expect(await screen.findByText("No console role of yours matches “nothing”")).toBeVisible();
    expect(screen.getByText("No console role matches nothing")).toBeVisible();
    expect(screen.getByText("Request ID: r9")).toBeVisible();
    expect(assign).not.toHaveBeenCalled();
    await app.user.click(screen.getByRole("link", { name: "Back to My roles" }));
    await waitFor(() => expect(app.location()).toBe("/"));
  });
});
