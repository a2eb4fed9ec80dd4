import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, READ_S3_POLICY, roleDetail } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./role-detail-page";

const ROLE_API = `GET /api/v2/roles/${ACCOUNT_ID}/app-reader`;
const ROLE_PAGE = `/resources/roles/${ACCOUNT_ID}/app-reader`;

describe("RoleDetailPage", { timeout: 15_000 }, () => {
  it("shows the role, its inline policy and its managed policies", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [ROLE_API]: jsonResponse(roleDetail()),
    });
    renderApp(ROLE_PAGE);

    expect(await screen.findByRole("heading", { level: 1, name: "app-reader" })).toBeVisible();
    expect(await screen.findByText(`arn:aws:iam::${ACCOUNT_ID}:role/app-reader`)).toBeVisible();
    expect(screen.getByText(`production (${ACCOUNT_ID})`)).toBeVisible();
    expect(screen.getByText("Reads application logs")).toBeVisible();
    expect(screen.getByText("1 hour")).toBeVisible();
    expect(screen.getByText("3 access denied errors")).toBeVisible();

    const viewer = await screen.findByLabelText("Inline policy read-logs", { selector: "pre" });
    expect(JSON.parse(viewer.textContent ?? "")).toEqual(READ_S3_POLICY);

    const managed = screen.getByRole("table", { name: "Attached managed policies" });
    expect(within(managed).getByRole("link", { name: "LogReaders" })).toHaveAttribute(
      "href",
      `/resources/managed-policies/${ACCOUNT_ID}/LogReaders`,
    );
    expect(within(managed).getByText("AWS managed")).toBeVisible();
    expect(screen.getByText("No permissions boundary is set.")).toBeVisible();

    const consoleLink = screen.getByRole("link", { name: "Open in AWS console" });
    expect(consoleLink).toHaveAttribute("target", "_blank");
    expect(consoleLink.getAttribute("href")).toMatch(
      new RegExp(`^/role/${ACCOUNT_ID}\\?redirect=`),
    );
  });

  it("shows the trust policy and the tags on their tabs", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [ROLE_API]: jsonResponse(roleDetail()),
    });
    const app = renderApp(ROLE_PAGE);

    await app.user.click(await screen.findByRole("tab", { name: "Trust relationships" }));
    const trust = await screen.findByLabelText("Trust policy", { selector: "pre" });
    expect(trust.textContent).toContain("ec2.amazonaws.com");

    await app.user.click(screen.getByRole("tab", { name: "Tags (2)" }));
    const tags = await screen.findByRole("table", { name: "Tags" });
    expect(within(tags).getByText("consoleme-authorized")).toBeVisible();
    expect(within(tags).getByText("engineering")).toBeVisible();
  });

  it("reads the role from AWS again on Refresh", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [ROLE_API]: (request) =>
        jsonResponse(
          request.url.includes("refresh=1")
            ? roleDetail({ description: "Fresh from AWS" })
            : roleDetail(),
        ),
    });
    const app = renderApp(ROLE_PAGE);
    await screen.findByText("Reads application logs");

    await app.user.click(screen.getByRole("button", { name: "Refresh from AWS" }));

    expect(await screen.findByText("Fresh from AWS")).toBeVisible();
    expect(server.calls(ROLE_API).map((r) => r.url)).toContain(
      `/api/v2/roles/${ACCOUNT_ID}/app-reader?refresh=1`,
    );
  });

  it("says so when the role is not in the inventory", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [ROLE_API]: errorResponse(404, "not_found", "No such role"),
    });
    const app = renderApp(ROLE_PAGE);

    expect(await screen.findByText("No IAM role named app-reader")).toBeVisible();
    await app.user.click(screen.getByRole("link", { name: "Search resources" }));
    await waitFor(() => expect(app.location()).toBe("/resources"));
  });

  it("opens weep's /policies/edit links on the role page", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [ROLE_API]: jsonResponse(roleDetail()),
    });
    const app = renderApp(`/policies/edit/${ACCOUNT_ID}/iamrole/app-reader`);

    await waitFor(() => expect(app.location()).toBe(ROLE_PAGE));
    expect(await screen.findByRole("heading", { level: 1, name: "app-reader" })).toBeVisible();
  });
});
