import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch, type RecordedRequest } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, inventoryAccount } from "../../test/inventory-fixtures";
import { REQUEST_ID, requestList, requestSummary, ROLE_ARN } from "../../test/request-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./requests-page";

function params(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "", "http://x").searchParams);
}

/** The list's own calls, not the navigation's count of requests waiting for me. */
function listCalls(server: ReturnType<typeof mockFetch>, awaiting = false): RecordedRequest[] {
  return server
    .calls("GET /api/v2/requests")
    .filter((request) => (params(request).awaiting_me === "true") === awaiting);
}

function routes(list: (request: RecordedRequest) => Response, isAdmin = false) {
  return mockFetch({
    "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: isAdmin })),
    "GET /api/v2/accounts": jsonResponse({ accounts: [inventoryAccount()], next_cursor: null }),
    "GET /api/v2/requests": list,
  });
}

function inHours(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000 + 60_000).toISOString();
}

describe("RequestsPage", { timeout: 15_000 }, () => {
  it("lists requests with their status, target and time left, each linked to its page", async () => {
    routes(() =>
      jsonResponse(
        requestList([
          requestSummary(),
          requestSummary({
            id: "0192aabbccdd99999999",
            status: "applied",
            justification: "Temporary access for the audit",
            next_expiry: inHours(5),
            change_types: ["managed_policy", "tag"],
            change_count: 3,
          }),
          requestSummary({
            id: "0192aabbccdd00000000",
            status: "rejected",
            justification: "Too much",
          }),
        ]),
      ),
    );
    const app = renderApp("/requests");

    const table = await screen.findByRole("table", { name: "Requests" });
    const first = await within(table).findByRole("link", { name: "Read the monthly reports" });
    expect(first).toHaveAttribute("href", `/requests/${REQUEST_ID}`);
    expect(within(table).getByText("Pending review")).toBeVisible();
    expect(within(table).getByText("Applied")).toBeVisible();
    expect(within(table).getByText("Rejected")).toBeVisible();
    expect(within(table).getAllByText("app-reader")).toHaveLength(3);
    expect(within(table).getByText(/Managed policy, Tag · 3 changes/)).toBeVisible();
    expect(within(table).getByText("5 hours left")).toBeVisible();

    await app.user.click(first);
    await waitFor(() => expect(app.location()).toBe(`/requests/${REQUEST_ID}`));
  });

  it("sends the URL's filters to the server", async () => {
    const server = routes(() => jsonResponse(requestList([requestSummary()])));
    renderApp(
      `/requests?status=pending&account=${ACCOUNT_ID}&arn=${encodeURIComponent(ROLE_ARN)}&order=oldest`,
    );

    await screen.findByRole("link", { name: "Read the monthly reports" });
    expect(params(listCalls(server).at(-1))).toEqual({
      status: "pending",
      account: ACCOUNT_ID,
      arn: ROLE_ARN,
      order: "oldest",
      limit: "50",
    });
    // Non-admins see only their own requests: no requester filter.
    expect(screen.queryByRole("searchbox", { name: "Filter by requester" })).toBeNull();
  });

  it("filters by status and by requester (admins) through the URL", async () => {
    const server = routes(() => jsonResponse(requestList([requestSummary()])), true);
    const app = renderApp("/requests");
    await screen.findByRole("link", { name: "Read the monthly reports" });

    await app.user.click(screen.getByRole("button", { name: /Filter by status/ }));
    await app.user.click(await screen.findByRole("option", { name: "Applied" }));
    await waitFor(() => expect(app.location()).toBe("/requests?status=applied"));
    await waitFor(() => expect(params(listCalls(server).at(-1)).status).toBe("applied"));

    await app.user.type(
      screen.getByRole("searchbox", { name: "Filter by requester" }),
      "bob@example.com",
    );
    await waitFor(() =>
      expect(params(listCalls(server).at(-1))).toMatchObject({
        status: "applied",
        requester: "bob@example.com",
        order: "newest",
      }),
    );
    expect(app.location()).toBe("/requests?status=applied&requester=bob%40example.com");
  });

  it("pages forward with the server's cursor", async () => {
    const server = routes((request) =>
      params(request).cursor === "next-1"
        ? jsonResponse(
            requestList([
              requestSummary({ id: "0192aabbccdd55555555", justification: "Second page" }),
            ]),
          )
        : jsonResponse(requestList([requestSummary()], "next-1")),
    );
    const app = renderApp("/requests");
    await screen.findByRole("link", { name: "Read the monthly reports" });

    await app.user.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("Second page")).toBeVisible();
    expect(params(listCalls(server).at(-1)).cursor).toBe("next-1");
  });

  it("switches to the requests waiting for my approval, with only the order to choose", async () => {
    const server = routes(
      (request) =>
        jsonResponse(
          requestList(
            params(request).awaiting_me === "true"
              ? [requestSummary({ id: "0192aabbccdd77777777", justification: "Waiting for you" })]
              : [requestSummary()],
          ),
        ),
      true,
    );
    const app = renderApp(`/requests?status=applied&account=${ACCOUNT_ID}&order=oldest`);
    await screen.findByRole("link", { name: "Read the monthly reports" });
    // The navigation counts them, and links to them.
    expect(
      await screen.findByRole("link", { name: "1 waiting for your approval" }),
    ).toHaveAttribute("href", "/requests?view=awaiting");

    await app.user.click(screen.getByRole("button", { name: "Waiting for my approval (1)" }));

    await waitFor(() => expect(app.location()).toBe("/requests?view=awaiting&order=oldest"));
    const table = screen.getByRole("table", { name: "Requests" });
    expect(await within(table).findByRole("link", { name: "Waiting for you" })).toBeVisible();
    expect(params(listCalls(server, true).at(-1))).toEqual({
      awaiting_me: "true",
      order: "oldest",
      limit: "50",
    });
    expect(screen.queryByRole("button", { name: /Filter by status/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Filter by account/ })).toBeNull();
    expect(screen.queryByRole("searchbox", { name: "Filter by requester" })).toBeNull();
    expect(screen.getByRole("button", { name: /Order/ })).toBeVisible();

    await app.user.click(screen.getByRole("button", { name: "All requests I can see" }));
    await waitFor(() => expect(app.location()).toBe("/requests?order=oldest"));
    expect(await screen.findByRole("button", { name: /Filter by status/ })).toBeVisible();
  });

  it("opens the waiting view from a link, and says when nothing waits", async () => {
    const server = routes(() => jsonResponse(requestList([])));
    renderApp("/requests?view=awaiting&status=failed");

    expect(await screen.findByText("Nothing waiting for you")).toBeVisible();
    expect(params(listCalls(server, true).at(-1))).toEqual({
      awaiting_me: "true",
      order: "newest",
      limit: "50",
    });
    expect(listCalls(server)).toHaveLength(0);
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
    // No badge for nothing.
    expect(screen.queryByRole("link", { name: /waiting for your approval/ })).toBeNull();
  });

  it("explains an empty list and clears the filters", async () => {
    routes(() => jsonResponse(requestList([])));
    const app = renderApp("/requests?status=failed");

    expect(await screen.findByText("No matching requests")).toBeVisible();
    await app.user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(app.location()).toBe("/requests"));
    expect(await screen.findByText("No requests yet")).toBeVisible();
  });
});
