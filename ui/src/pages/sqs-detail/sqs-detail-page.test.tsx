import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, queueDetail } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./sqs-detail-page";

describe("SqsDetailPage", { timeout: 15_000 }, () => {
  it("shows the queue's URL, access policy and attributes", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/sqs/${ACCOUNT_ID}/us-east-1/jobs`]: jsonResponse(queueDetail()),
    });
    const app = renderApp(`/policies/edit/${ACCOUNT_ID}/sqs/us-east-1/jobs`);

    expect(
      await screen.findByText(`https://sqs.us-east-1.amazonaws.com/${ACCOUNT_ID}/jobs`),
    ).toBeVisible();
    const viewer = await screen.findByLabelText("Access policy", { selector: "pre" });
    expect(viewer.textContent).toContain("s3:GetObject");

    await app.user.click(screen.getByRole("tab", { name: "Attributes" }));
    const attributes = await screen.findByRole("table", { name: "Attributes" });
    expect(within(attributes).getByText("VisibilityTimeout")).toBeVisible();
    expect(within(attributes).getByText("30")).toBeVisible();
  });
});
