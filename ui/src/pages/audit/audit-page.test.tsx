import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { auditPage } from "../../test/access-fixtures";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { renderApp } from "../../test/render-app";

function lastAuditQuery(server: ReturnType<typeof mockFetch>): URLSearchParams {
  const url = server.calls("GET /api/v2/audit").at(-1)?.url ?? "";
  return new URL(url, "http://x").searchParams;
}

describe("AuditPage", { timeout: 20_000 }, () => {
  it("shows issued and refused events with their details", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/audit": jsonResponse(auditPage()),
    });
    renderApp("/audit");

    // The first render imports the page's Cloudscape modules cold (the date range picker).
    expect(
      await screen.findByRole("heading", { level: 1, name: "Audit log" }, { timeout: 15_000 }),
    ).toBeVisible();
    const issued = (await screen.findByText("req-0001")).closest("tr") as HTMLElement;
    expect(within(issued).getByText("Issued")).toBeVisible();
    expect(within(issued).getByText("weep")).toBeVisible();
    expect(within(issued).getByText("Yes")).toBeVisible();
    expect(within(issued).getByText("10.1.2.3")).toBeVisible();
    expect(within(issued).getByText("Credentials")).toBeVisible();

    const refused = screen.getByText("req-0002").closest("tr") as HTMLElement;
    expect(within(refused).getByText("Refused (903)")).toBeVisible();
    expect(within(refused).getByText("bob@example.com may not use this role")).toBeVisible();
    expect(within(refused).getByText("prod")).toBeVisible();
    expect(within(refused).getByText("cme")).toBeVisible();
  });

  it("lets admins filter by user, role and time, and pages with the cursor", async () => {
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: true })),
      "GET /api/v2/audit": jsonResponse(auditPage({ next_cursor: "c2" })),
    });
    const app = renderApp("/audit");
    await screen.findByText("req-0001");

    await app.user.type(
      screen.getByRole("searchbox", { name: "Filter by user" }),
      "bob@example.com",
    );
    await app.user.type(screen.getByRole("searchbox", { name: "Filter by role ARN" }), "arn:x");
    await waitFor(() => expect(lastAuditQuery(server).get("user")).toBe("bob@example.com"));
    await waitFor(() => expect(lastAuditQuery(server).get("role")).toBe("arn:x"));

    await app.user.click(screen.getByRole("button", { name: /Filter by time/ }));
    await app.user.click(await screen.findByLabelText("Last 24 hours"));
    await app.user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(lastAuditQuery(server).get("since")).not.toBeNull());
    const since = Date.parse(lastAuditQuery(server).get("since") ?? "");
    expect(Math.abs(Date.now() - 24 * 3600_000 - since)).toBeLessThan(60_000);

    await app.user.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(lastAuditQuery(server).get("cursor")).toBe("c2"));
    expect(lastAuditQuery(server).get("user")).toBe("bob@example.com");
  });

  it("shows non-admins their own events without a user filter", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: false })),
      "GET /api/v2/audit": jsonResponse(auditPage({ events: [] })),
    });
    renderApp("/audit");

    expect(await screen.findByText(/Your own credential and sign-in events/)).toBeVisible();
    expect(await screen.findByText("Nothing has been recorded yet.")).toBeVisible();
    expect(screen.queryByRole("searchbox", { name: "Filter by user" })).toBeNull();
  });
});
