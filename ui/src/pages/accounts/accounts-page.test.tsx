import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, FETCHED_AT, inventoryAccount } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./accounts-page";

const STAGING = inventoryAccount({
  id: "444455556666",
  name: "staging",
  environment: "",
  ou_path: "/workloads/test",
  refresh_state: "partial",
  errors: [
    {
      account_id: "444455556666",
      type: "iam_role",
      error: "AccessDenied: cannot assume ConsoleMeSpoke",
      at: FETCHED_AT,
    },
  ],
});

describe("AccountsPage", { timeout: 15_000 }, () => {
  it("lists accounts with their inventory state and errors", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/accounts": jsonResponse({
        accounts: [inventoryAccount(), STAGING],
        next_cursor: null,
      }),
    });
    const app = renderApp("/accounts");

    const table = await screen.findByRole("table", { name: "Accounts" });
    const production = (await within(table).findByText(ACCOUNT_ID)).closest("tr");
    expect(production).not.toBeNull();
    expect(within(production as HTMLElement).getByText("Up to date")).toBeVisible();
    expect(within(production as HTMLElement).getByText("/workloads")).toBeVisible();
    expect(within(production as HTMLElement).getByText("15")).toBeVisible();
    expect(
      within(production as HTMLElement).getByRole("link", { name: "View SCPs" }),
    ).toHaveAttribute("href", `/accounts/${ACCOUNT_ID}/service-control-policies`);
    // Not an admin: no refresh buttons.
    expect(screen.queryByRole("button", { name: /Refresh production/ })).toBeNull();

    expect(within(table).getByText("Partly refreshed")).toBeVisible();
    await app.user.click(within(table).getByText("1 error"));
    expect(await screen.findByText("AccessDenied: cannot assume ConsoleMeSpoke")).toBeVisible();
  });

  it("searches on the server as you type", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      "GET /api/v2/accounts": (request) =>
        jsonResponse({
          accounts: request.url.includes("q=stag") ? [STAGING] : [inventoryAccount(), STAGING],
          next_cursor: null,
        }),
    });
    const app = renderApp("/accounts");
    const input = await screen.findByRole("searchbox", { name: "Find accounts" });

    await app.user.click(input);
    await app.user.paste("stag");

    await waitFor(() => expect(app.location()).toBe("/accounts?q=stag"));
    await waitFor(() => expect(screen.queryByText(ACCOUNT_ID)).toBeNull());
    expect(server.calls("GET /api/v2/accounts").at(-1)?.url).toContain("q=stag");
  });

  it("lets an admin refresh an account and follows the refresh to the end", async () => {
    let polls = 0;
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/accounts": jsonResponse({ accounts: [inventoryAccount()], next_cursor: null }),
      "POST /api/v2/inventory/refresh": jsonResponse({ id: "job-1", status: "queued" }, 202),
      "GET /api/v2/inventory/refresh/job-1": () => {
        polls += 1;
        return jsonResponse({
          id: "job-1",
          status: polls > 1 ? "done" : "running",
          target: { account_id: ACCOUNT_ID, arn: null },
          requested_by: "alice@example.com",
          created_at: FETCHED_AT,
          updated_at: FETCHED_AT,
          parts: 6,
          done: polls > 1 ? 6 : 2,
          failed: 0,
          errors: [],
        });
      },
    });
    const app = renderApp("/accounts");

    await app.user.click(await screen.findByRole("button", { name: "Refresh production" }));

    expect(await screen.findByText("Refreshing 2/6")).toBeVisible();
    expect(await screen.findByText("Done", {}, { timeout: 6000 })).toBeVisible();
    expect(server.calls("POST /api/v2/inventory/refresh")[0]?.body).toEqual({
      account_id: ACCOUNT_ID,
    });
    // The list is read again once the refresh ends.
    await waitFor(() => expect(server.calls("GET /api/v2/accounts").length).toBeGreaterThan(1));
  });
});
