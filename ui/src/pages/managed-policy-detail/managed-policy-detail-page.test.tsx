import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, managedPolicyDetail, READ_S3_POLICY } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./managed-policy-detail-page";

describe("ManagedPolicyDetailPage", { timeout: 15_000 }, () => {
  it("shows the default version's document", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/managed_policies/${ACCOUNT_ID}/LogReaders`]:
        jsonResponse(managedPolicyDetail()),
    });
    renderApp(`/resources/managed-policies/${ACCOUNT_ID}/LogReaders`);

    expect(await screen.findByText("Read the log bucket")).toBeVisible();
    expect(screen.getByText("2 principals")).toBeVisible();
    expect(screen.getByRole("heading", { name: "Permissions (v3)" })).toBeVisible();
    const viewer = await screen.findByLabelText("Policy LogReaders", { selector: "pre" });
    expect(JSON.parse(viewer.textContent ?? "")).toEqual(READ_S3_POLICY);
  });
});
