import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import { ACCOUNT_ID, bucketDetail, READ_S3_POLICY } from "../../test/inventory-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./s3-detail-page";

describe("S3DetailPage", { timeout: 15_000 }, () => {
  it("shows the bucket policy", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/s3/${ACCOUNT_ID}/logs`]: jsonResponse(bucketDetail()),
    });
    renderApp(`/policies/edit/${ACCOUNT_ID}/s3/logs`);

    expect(await screen.findByText("arn:aws:s3:::logs")).toBeVisible();
    expect(screen.getByText("us-east-1")).toBeVisible();
    const viewer = await screen.findByLabelText("Bucket policy", { selector: "pre" });
    expect(JSON.parse(viewer.textContent ?? "")).toEqual(READ_S3_POLICY);
  });

  it("says when the bucket has no policy", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET /api/v2/s3/${ACCOUNT_ID}/logs`]: jsonResponse(bucketDetail(null)),
    });
    renderApp(`/resources/s3/${ACCOUNT_ID}/logs`);

    expect(await screen.findByText("No bucket policy is set.")).toBeVisible();
  });
});
