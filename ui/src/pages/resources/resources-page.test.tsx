import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { jsonResponse, mockFetch, type RecordedRequest } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import {
  ACCOUNT_ID,
  inventoryAccount,
  searchPage,
  searchResult,
} from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./resources-page";

function params(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "", "http://x").searchParams);
}

function baseRoutes(search: (request: RecordedRequest) => Response) {
  return mockFetch({
    "GET /api/v2/user_profile": jsonResponse(userProfile()),
    "GET /api/v2/accounts": jsonResponse({ accounts: [inventoryAccount()], next_cursor: null }),
    "GET /api/v2/resources": search,
  });
}

afterEach(() => window.localStorage.clear());

describe("ResourcesPage", { timeout: 15_000 }, () => {
  it("searches with the URL's filters and links each result to its page", async () => {
    const server = baseRoutes(() =>
      jsonResponse(
        searchPage([
          searchResult(),
          searchResult({
            arn: "arn:aws:sqs:us-east-1:111122223333:app-jobs",
            type: "sqs_queue",
            name: "app-jobs",
            region: "us-east-1",
          }),
        ]),
      ),
    );
    const app = renderApp("/resources?q=app&account=production&tag=owner:team-a");

    const table = await screen.findByRole("table", { name: "Resources" });
    const role = await within(table).findByRole("link", { name: "app-reader" });
    expect(role).toHaveAttribute("href", `/resources/roles/${ACCOUNT_ID}/app-reader`);
    expect(within(table).getByRole("link", { name: "app-jobs" })).toHaveAttribute(
      "href",
      `/resources/sqs/${ACCOUNT_ID}/us-east-1/app-jobs`,
    );
    expect(within(table).getByText("IAM role")).toBeVisible();
    expect(within(table).getByText("SQS queue")).toBeVisible();

    // The account name in the URL is sent as its id, once the account list is known.
    await waitFor(() =>
      expect(params(server.calls("GET /api/v2/resources").at(-1))).toEqual({
        q: "app",
        account: ACCOUNT_ID,
        tag: "owner:team-a",
        limit: "50",
      }),
    );

    await app.user.click(role);
    await waitFor(() => expect(app.location()).toBe(`/resources/roles/${ACCOUNT_ID}/app-reader`));
  });

  it("puts a typed search in the URL and sends it to the server", async () => {
    const server = baseRoutes(() => jsonResponse(searchPage([searchResult()])));
    const app = renderApp("/resources");
    const input = await screen.findByRole("combobox", { name: "Search resources" });

    await app.user.click(input);
    await app.user.paste("reader");
    await app.user.click(await screen.findByRole("option", { name: /reader/ }));

    await waitFor(() => expect(app.location()).toBe("/resources?q=reader"));
    await waitFor(() =>
      expect(params(server.calls("GET /api/v2/resources").at(-1)).q).toBe("reader"),
    );
  });

  it("pages forward with the server's cursor and back again", async () => {
    const server = baseRoutes((request) =>
      params(request).cursor === "c2"
        ? jsonResponse(searchPage([searchResult({ name: "second-page", arn: "arn:2" })]))
        : jsonResponse(searchPage([searchResult()], "c2")),
    );
    const app = renderApp("/resources");
    await screen.findByRole("link", { name: "app-reader" });

    await app.user.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByRole("link", { name: "second-page" })).toBeVisible();
    expect(params(server.calls("GET /api/v2/resources").at(-1)).cursor).toBe("c2");
    // The last page: the server gave no further cursor.
    expect(screen.getByRole("button", { name: "Next page" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );

    await app.user.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByRole("link", { name: "app-reader" })).toBeVisible();
  });

  it("explains an empty result and clears the filters", async () => {
    baseRoutes(() => jsonResponse(searchPage([])));
    const app = renderApp("/resources?q=nothing");

    expect(await screen.findByText("No matching resources")).toBeVisible();
    await app.user.click(screen.getByRole("button", { name: "Clear search" }));
    await waitFor(() => expect(app.location()).toBe("/resources"));
    expect(await screen.findByText("No resources yet")).toBeVisible();
  });

  it("shows the columns and page size kept in this browser", async () => {
    window.localStorage.setItem(
      "consoleme.resources.preferences",
      JSON.stringify({ pageSize: 100, visibleColumns: ["name", "tags"] }),
    );
    const server = baseRoutes(() => jsonResponse(searchPage([searchResult()])));
    renderApp("/resources");

    const table = await screen.findByRole("table", { name: "Resources" });
    await within(table).findByRole("link", { name: "app-reader" });
    expect(within(table).getByRole("columnheader", { name: /Tags/ })).toBeInTheDocument();
    expect(within(table).queryByRole("columnheader", { name: /ARN/ })).toBeNull();
    expect(within(table).getByText("owner: team-a")).toBeVisible();
    expect(params(server.calls("GET /api/v2/resources").at(-1)).limit).toBe("100");
  });
});
