import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, serviceControlPolicies } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./account-scps-page";

describe("AccountScpsPage", { timeout: 15_000 }, () => {
  it("shows the account's path and each SCP that applies, with its document", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/service_control_policies/${ACCOUNT_ID}`]:
        jsonResponse(serviceControlPolicies()),
    });
    renderApp(`/accounts/${ACCOUNT_ID}/service-control-policies`);

    expect(await screen.findByText("DenyLeaveOrganization")).toBeVisible();
    expect(screen.getByText("workloads")).toBeVisible();
    expect(screen.getByText("Via the organization root")).toBeVisible();
    const viewer = await screen.findByLabelText("Service control policy DenyLeaveOrganization", {
      selector: "pre",
    });
    expect(viewer.textContent).toContain("organizations:LeaveOrganization");
  });

  it("explains an account outside the organization", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/service_control_policies/${ACCOUNT_ID}`]: jsonResponse({
        account_id: ACCOUNT_ID,
        path: [],
        policies: [],
      }),
    });
    renderApp(`/accounts/${ACCOUNT_ID}/service-control-policies`);

    expect(await screen.findByText("Not in the organization")).toBeVisible();
  });
});
