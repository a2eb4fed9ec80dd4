import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { roleMapping } from "../../test/access-fixtures";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

const CONFIG = roleMapping({
  group: "security",
  roles: ["arn:aws:iam::*:role/security-audit"],
  source: "config",
  version: 0,
  updated_by: null,
  updated_at: null,
});
const DYNAMIC = roleMapping();

function rowOf(group: string): HTMLElement {
  return screen.getByText(group).closest("tr") as HTMLElement;
}

describe("RoleMappingsPage", { timeout: 20_000 }, () => {
  it("shows config mappings read-only and dynamic ones editable", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/role_mappings": jsonResponse({ mappings: [CONFIG, DYNAMIC] }),
    });
    renderApp("/admin/role-mappings");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Role mappings" }, { timeout: 15_000 }),
    ).toBeVisible();
    await screen.findByText("arn:aws:iam::*:role/security-audit");
    const config = rowOf("security");
    expect(within(config).getByText("Config (read-only)")).toBeVisible();
    expect(within(config).queryByRole("button")).toBeNull();
    const dynamic = rowOf("engineering");
    expect(within(dynamic).getByText("Dynamic")).toBeVisible();
    expect(within(dynamic).getByText("carol@example.com")).toBeVisible();
    expect(
      within(dynamic).getByRole("button", { name: "Edit mapping of engineering" }),
    ).toBeVisible();
  });

  it("adds a mapping with version 0 and the XSRF token", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/role_mappings": jsonResponse({ mappings: [] }),
      "PUT /api/v2/role_mappings/data-science": jsonResponse(
        roleMapping({ group: "data-science" }),
      ),
    });
    document.cookie = "_xsrf=x1";
    const app = renderApp("/admin/role-mappings");
    await app.user.click(
      await screen.findByRole("button", { name: "Add mapping" }, { timeout: 15_000 }),
    );

    const dialog = await screen.findByRole("dialog");
    await app.user.type(within(dialog).getByLabelText("Group"), "data-science");
    await app.user.type(
      within(dialog).getByLabelText(/^Roles/),
      "arn:aws:iam::*:role/data-pipeline{Enter}{Enter} arn:aws:iam::*:role/engineering-readonly ",
    );
    await app.user.click(within(dialog).getByRole("button", { name: "Add mapping" }));

    await waitFor(() =>
      expect(server.calls("PUT /api/v2/role_mappings/data-science")).toHaveLength(1),
    );
    const [put] = server.calls("PUT /api/v2/role_mappings/data-science");
    expect(put?.body).toEqual({
      roles: ["arn:aws:iam::*:role/data-pipeline", "arn:aws:iam::*:role/engineering-readonly"],
      cli_only_roles: [],
      version: 0,
    });
    expect(put?.headers.get("X-Xsrftoken")).toBe("x1");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(server.calls("GET /api/v2/role_mappings")).toHaveLength(2);
  });

  it("explains a conflicting edit and reloads the current version", async () => {
    let version = 3;
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/role_mappings": () =>
        jsonResponse({
          mappings: [
            roleMapping({
              version,
              roles: version > 3 ? ["arn:aws:iam::*:role/new"] : DYNAMIC.roles,
            }),
          ],
        }),
      "PUT /api/v2/role_mappings/engineering": (request) =>
        (request.body as { version: number }).version === version
          ? jsonResponse(roleMapping({ version: version + 1 }))
          : errorResponse(409, "conflict", "the record changed"),
    });
    const app = renderApp("/admin/role-mappings");
    await app.user.click(
      await screen.findByRole(
        "button",
        { name: "Edit mapping of engineering" },
        { timeout: 15_000 },
      ),
    );
    version = 4; // someone else saves meanwhile
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByLabelText("Group")).toBeDisabled();
    await app.user.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(await within(dialog).findByText("Someone else changed this mapping")).toBeVisible();
    await app.user.click(within(dialog).getByRole("button", { name: "Reload" }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Roles/)).toHaveValue("arn:aws:iam::*:role/new"),
    );
    expect(within(dialog).getByText("Editing version 4.")).toBeVisible();

    await app.user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(
      server
        .calls("PUT /api/v2/role_mappings/engineering")
        .map((r) => (r.body as { version: number }).version),
    ).toEqual([3, 4]);
  });

  it("deletes a dynamic mapping at the version read", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/role_mappings": jsonResponse({ mappings: [DYNAMIC] }),
      "DELETE /api/v2/role_mappings/engineering": jsonResponse({ deleted: true }),
    });
    const app = renderApp("/admin/role-mappings");
    await app.user.click(
      await screen.findByRole(
        "button",
        { name: "Delete mapping of engineering" },
        { timeout: 15_000 },
      ),
    );
    const dialog = await screen.findByRole("dialog");
    await app.user.click(within(dialog).getByRole("button", { name: "Delete" }));

    await waitFor(() =>
      expect(server.calls("DELETE /api/v2/role_mappings/engineering")).toHaveLength(1),
    );
    expect(server.calls("DELETE /api/v2/role_mappings/engineering")[0]?.url).toBe(
      "/api/v2/role_mappings/engineering?version=3",
    );
  });

  it("tells non-admins the page is for administrators, and hides its navigation entry", async () => {
    const server = mockFetch({ "GET /api/v2/user_profile": jsonResponse(userProfile()) });
    renderApp("/admin/role-mappings");

    expect(await screen.findByText("Administrators only", {}, { timeout: 15_000 })).toBeVisible();
    expect(screen.queryByRole("link", { name: "Role mappings" })).toBeNull();
    expect(screen.getByRole("link", { name: "Audit log" })).toBeVisible();
    expect(server.calls("GET /api/v2/role_mappings")).toHaveLength(0);
  });
});
