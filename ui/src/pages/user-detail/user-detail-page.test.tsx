import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, userDetail } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./user-detail-page";

describe("UserDetailPage", { timeout: 15_000 }, () => {
  it("shows the user's groups, permissions and boundary", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/users/${ACCOUNT_ID}/deploy-bot`]: jsonResponse(userDetail()),
    });
    renderApp(`/policies/edit/${ACCOUNT_ID}/iamuser/deploy-bot`);

    expect(await screen.findByText(`arn:aws:iam::${ACCOUNT_ID}:user/deploy-bot`)).toBeVisible();
    expect(screen.getByRole("heading", { level: 1, name: "deploy-bot" })).toBeVisible();
    expect(screen.getByText("deployers")).toBeVisible();
    expect(screen.getByText("No recent errors")).toBeVisible();
    expect(screen.getByText("No inline policies.")).toBeVisible();
    const managed = screen.getByRole("table", { name: "Attached managed policies" });
    expect(within(managed).getByText("No managed policies attached.")).toBeVisible();
    expect(
      screen.getByRole("link", { name: `arn:aws:iam::${ACCOUNT_ID}:policy/Boundary` }),
    ).toHaveAttribute("href", `/resources/managed-policies/${ACCOUNT_ID}/Boundary`);
  });
});
