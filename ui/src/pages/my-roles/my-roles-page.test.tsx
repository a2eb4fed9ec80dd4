import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { eligibleRolesPage, PROD } from "../../test/access-fixtures";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const ADMIN_ARN = `arn:aws:iam::${PROD}:role/engineering-admin`;
const CI_ARN = `arn:aws:iam::${PROD}:role/ci-deployer`;

function roleRow(arn: string): HTMLElement {
  const row = screen.getByText(arn, { exact: false }).closest("tr");
  if (!row) throw new Error(`no row for ${arn}`);
  return row;
}

describe("MyRolesPage", { timeout: 20_000 }, () => {
  it("lists the roles grouped by account, favorites first, with the session summary", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ session_expires_at: null })),
      "GET /api/v2/eligible_roles": jsonResponse(eligibleRolesPage()),
    });
    renderApp("/");

    expect(
      await screen.findByRole("heading", { level: 1, name: "My roles" }, { timeout: 15_000 }),
    ).toBeVisible();
    await screen.findByText(ADMIN_ARN);
    expect(screen.getByText("engineering")).toBeVisible();
    expect(screen.getByText("Session does not expire")).toBeVisible();
    expect(screen.getByText("(5)")).toBeVisible();

    const groups = screen
      .getAllByText(/^\(\d+ roles?\)$/)
      .map((el) => el.closest("tr")?.textContent);
    expect(groups).toEqual([
      expect.stringContaining("Favorites(1 role)"),
      expect.stringContaining(`prod${PROD}(3 roles)`),
      expect.stringContaining("staging222222222222(1 role)"),
    ]);
    // A favorite shows its account, since favorites of several accounts mix.
    expect(
      screen.getByText(/^staging · arn:aws:iam::222222222222:role\/engineering-admin$/),
    ).toBeVisible();

    const signIn = within(roleRow(ADMIN_ARN)).getByRole("link", { name: /Sign in/ });
    expect(signIn).toHaveAttribute("href", `/role/${ADMIN_ARN}`);
    expect(signIn).toHaveAttribute("target", "_blank");

    const ci = roleRow(CI_ARN);
    expect(within(ci).getByText("CLI only")).toBeVisible();
    expect(within(ci).queryByRole("link", { name: /Sign in/ })).toBeNull();
    expect(within(ci).getByText("12 hours")).toBeVisible();

    const [request] = server.calls("GET /api/v2/eligible_roles");
    expect(request?.url).toBe("/api/v2/eligible_roles?access=all&limit=50");
  });

  it("searches and filters on the server, and pages with the cursor", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/eligible_roles": (request) =>
        jsonResponse(
          request.url.includes("cursor=")
            ? eligibleRolesPage({ roles: [], total: 5 })
            : eligibleRolesPage({ next_cursor: "page-2" }),
        ),
    });
    const app = renderApp("/");
    await screen.findByText(ADMIN_ARN);

    await app.user.type(screen.getByRole("searchbox", { name: "Search roles" }), "readonly");
    await waitFor(() =>
      expect(server.calls("GET /api/v2/eligible_roles").at(-1)?.url).toContain("search=readonly"),
    );

    await app.user.click(screen.getByRole("button", { name: /Access/ }));
    await app.user.click(await screen.findByText("CLI-only roles"));
    await waitFor(() =>
      expect(server.calls("GET /api/v2/eligible_roles").at(-1)?.url).toContain("access=cli_only"),
    );

    await app.user.click(await screen.findByRole("button", { name: "Next page" }));
    await waitFor(() =>
      expect(server.calls("GET /api/v2/eligible_roles").at(-1)?.url).toBe(
        "/api/v2/eligible_roles?search=readonly&access=cli_only&limit=50&cursor=page-2",
      ),
    );
  });

  it("stars a role with the XSRF token and refetches the list", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/eligible_roles": jsonResponse(eligibleRolesPage()),
      [`PUT /api/v2/favorite_roles/${ADMIN_ARN.replace("/", "%2F")}`]: jsonResponse({
        arn: ADMIN_ARN,
        favorite: true,
      }),
    });
    document.cookie = "_xsrf=token-1";
    const app = renderApp("/");
    await screen.findByText(ADMIN_ARN);

    await app.user.click(
      within(roleRow(ADMIN_ARN)).getByRole("button", {
        name: "Add to favorites: engineering-admin",
      }),
    );

    await waitFor(() => expect(server.requests.filter((r) => r.method === "PUT")).toHaveLength(1));
    const put = server.requests.find((r) => r.method === "PUT");
    expect(put?.url).toBe(
      "/api/v2/favorite_roles/arn:aws:iam::111111111111:role%2Fengineering-admin",
    );
    expect(put?.headers.get("X-Xsrftoken")).toBe("token-1");
    await waitFor(() => expect(server.calls("GET /api/v2/eligible_roles")).toHaveLength(2));
  });

  it("shows the cme and weep commands to copy", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/eligible_roles": jsonResponse(eligibleRolesPage()),
    });
    const app = renderApp("/");
    await screen.findByText(CI_ARN);

    await app.user.click(
      within(roleRow(CI_ARN)).getByRole("button", { name: "Copy CLI command for ci-deployer" }),
    );
    const dialog = await screen.findByRole("dialog");
    for (const command of [
      `cme credential-process ${CI_ARN}`,
      `cme export ${CI_ARN}`,
      `weep credential_process ${CI_ARN}`,
      `weep export ${CI_ARN}`,
    ]) {
      expect(within(dialog).getByText(command)).toBeVisible();
    }
    expect(within(dialog).getByRole("button", { name: "Copy weep export command" })).toBeVisible();
  });

  it("says so when the user has no roles, and shows load errors", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(
        userProfile({ user: "dave@example.com", groups: [] }),
      ),
      "GET /api/v2/eligible_roles": jsonResponse(
        eligibleRolesPage({ roles: [], total: 0, accounts: [] }),
      ),
    });
    renderApp("/");
    expect(
      await screen.findByText("You are not eligible for any role yet.", { exact: false }),
    ).toBeVisible();
    expect(screen.getByText("No groups")).toBeVisible();
  });

  it("shows why the roles could not be loaded", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/eligible_roles": errorResponse(503, "cache_unavailable", "Redis is down"),
    });
    renderApp("/");
    expect(await screen.findByText("Could not load your roles")).toBeVisible();
    expect(screen.getByText("Redis is down")).toBeVisible();
  });

  it("prefills the search and shows the warning of the console flow's several matches", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/eligible_roles": jsonResponse(eligibleRolesPage()),
    });
    renderApp(`/?arn=prod&warningMessage=${btoa("Several roles match prod")}`);
    expect(await screen.findByText("Several roles match prod")).toBeVisible();
    expect(screen.getByRole("searchbox", { name: "Search roles" })).toHaveValue("prod");
    await waitFor(() =>
      expect(server.calls("GET /api/v2/eligible_roles")[0]?.url).toContain("search=prod"),
    );
  });
});
