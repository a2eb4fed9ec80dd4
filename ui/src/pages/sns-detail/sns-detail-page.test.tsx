import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, topicDetail } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./sns-detail-page";

describe("SnsDetailPage", { timeout: 15_000 }, () => {
  it("shows the topic, that it has no policy, and its attributes", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/sns/${ACCOUNT_ID}/us-east-1/alerts`]: jsonResponse(topicDetail()),
    });
    const app = renderApp(`/resources/sns/${ACCOUNT_ID}/us-east-1/alerts`);

    expect(await screen.findByText(`arn:aws:sns:us-east-1:${ACCOUNT_ID}:alerts`)).toBeVisible();
    expect(screen.getByText("No access policy is set.")).toBeVisible();

    await app.user.click(screen.getByRole("tab", { name: "Attributes" }));
    const attributes = await screen.findByRole("table", { name: "Attributes" });
    expect(within(attributes).getByText("DisplayName")).toBeVisible();
  });
});
