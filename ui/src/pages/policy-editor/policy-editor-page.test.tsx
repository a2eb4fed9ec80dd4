import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  errorResponse,
  jsonResponse,
  mockFetch,
  type RecordedRequest,
} from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import {
  ACCOUNT_ID,
  bucketDetail,
  roleDetail,
  searchPage,
  userDetail,
} from "../../test/inventory-fixtures";
import {
  ADDED_STATEMENT,
  policyCheck,
  REQUEST_ID,
  requestDetail,
  ROLE_ARN,
} from "../../test/request-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./policy-editor-page";

const EDITOR = `/requests/new?arn=${encodeURIComponent(ROLE_ARN)}`;
const DOCUMENT = { Version: "2012-10-17", Statement: [ADDED_STATEMENT] };
const INLINE_EDITOR = "Statements to add to the inline policy";

type Routes = Parameters<typeof mockFetch>[0];

function serve(extra: Routes = {}, isAdmin = false) {
  return mockFetch({
    "GET /api/v2/user_profile": jsonResponse(userProfile({ is_admin: isAdmin })),
    [`GET /api/v2/roles/${ACCOUNT_ID}/app-reader`]: jsonResponse(roleDetail()),
    "GET /api/v2/resources": jsonResponse(searchPage([])),
    "POST /api/v2/policies/check": jsonResponse(policyCheck()),
    "POST /api/v2/request": jsonResponse(requestDetail(), 201),
    [`GET /api/v2/requests/${REQUEST_ID}`]: jsonResponse(requestDetail()),
    ...extra,
  });
}

function write(label: string, value: unknown) {
  fireEvent.change(screen.getByRole("textbox", { name: label }), {
    target: { value: typeof value === "string" ? value : JSON.stringify(value, null, 2) },
  });
}

function submitted(server: ReturnType<typeof serve>): RecordedRequest | undefined {
  return server.calls("POST /api/v2/request")[0];
}

describe("PolicyEditorPage", { timeout: 20_000 }, () => {
  it("checks the statements once typing pauses, and marks the findings", async () => {
    const server = serve({
      "POST /api/v2/policies/check": jsonResponse(
        policyCheck({
          findings: [
            {
              rule: "wildcard_resource",
              severity: "high",
              title: "Resource is *",
              detail: "Name the buckets.",
              statement: 0,
              sid: "ReadReports",
              path: "Statement[0].Resource",
              source: "consoleme",
            },
          ],
        }),
      ),
    });
    renderApp(EDITOR);
    expect(
      await screen.findByRole("heading", { level: 1, name: "Request changes to app-reader" }),
    ).toBeVisible();
    expect(await screen.findByText(/Write the statements to add/)).toBeVisible();
    await screen.findByRole("textbox", { name: INLINE_EDITOR });

    // Two edits in quick succession (well within the debounce): only the last is checked.
    write(INLINE_EDITOR, { Version: "2012-10-17", Statement: [] });
    await new Promise((resolve) => setTimeout(resolve, 150));
    write(INLINE_EDITOR, DOCUMENT);

    expect(await screen.findByText("Valid policy, 1 finding")).toBeVisible();
    const checks = server.calls("POST /api/v2/policies/check");
    expect(checks).toHaveLength(1);
    expect(checks[0]?.body).toEqual({
      policy_document: DOCUMENT,
      kind: "identity",
      target_arn: ROLE_ARN,
    });
    const findings = screen.getByRole("list", { name: "Policy check findings" });
    expect(within(findings).getByText("High")).toBeVisible();
    expect(within(findings).getByText("Resource is *")).toBeVisible();
    const markers = screen.getByRole("list", { name: `${INLINE_EDITOR} markers` });
    expect(markers).toHaveTextContent("Resource is *: Name the buckets.");
  });

  it("says what is wrong with text that is not a policy, before and after the server", async () => {
    serve({
      "POST /api/v2/policies/check": jsonResponse(
        policyCheck({
          valid: false,
          error: "Effect must be Allow or Deny",
          error_path: "Statement[0].Effect",
        }),
      ),
    });
    renderApp(EDITOR);
    await screen.findByRole("textbox", { name: INLINE_EDITOR });

    write(INLINE_EDITOR, '{"Statement": [');
    expect(await screen.findByText(/^Not valid JSON/)).toBeVisible();

    write(INLINE_EDITOR, {
      Statement: [{ Effect: "Maybe", Action: "s3:GetObject", Resource: "*" }],
    });
    const verdict = screen.getByLabelText("Policy check");
    expect(await within(verdict).findByText("Not a valid policy")).toBeVisible();
    expect(screen.getByRole("list", { name: `${INLINE_EDITOR} markers` })).toHaveTextContent(
      "Not a valid policy: Effect must be Allow or Deny",
    );
  });

  it("submits an inline policy change with an expiry and opens the new request", async () => {
    const server = serve();
    const app = renderApp(EDITOR);
    await screen.findByRole("textbox", { name: INLINE_EDITOR });
    expect(screen.queryByRole("button", { name: "Submit and apply" })).toBeNull();

    await app.user.type(screen.getByRole("textbox", { name: "New policy name" }), "reports");
    write(INLINE_EDITOR, DOCUMENT);
    await app.user.type(screen.getByRole("textbox", { name: "Justification" }), "Monthly reports");
    await app.user.click(screen.getByRole("button", { name: /Access ends/ }));
    await app.user.click(await screen.findByRole("option", { name: "1 day" }));
    expect(
      within(screen.getByRole("list", { name: "Changes in this request" })).getByText(
        "Add 1 statement to inline policy reports",
      ),
    ).toBeVisible();
    await app.user.click(screen.getByRole("button", { name: "Submit request" }));

    await waitFor(() => expect(app.location()).toBe(`/requests/${REQUEST_ID}`));
    const body = submitted(server)?.body as { changes: { expires_at: string }[] };
    expect(body).toEqual({
      justification: "Monthly reports",
      submit_and_apply: false,
      changes: [
        {
          spec: {
            type: "inline_policy",
            principal_arn: ROLE_ARN,
            policy_name: "reports",
            action: "add",
            policy_document: DOCUMENT,
          },
          expires_at: expect.any(String),
        },
      ],
    });
    const hours = (Date.parse(body.changes[0]?.expires_at ?? "") - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it("refuses to submit nothing, and shows the server's refusal inline", async () => {
    const server = serve({
      "POST /api/v2/request": errorResponse(
        400,
        "validation_error",
        "policy_name: the name is too long",
      ),
    });
    const app = renderApp(EDITOR);
    await screen.findByRole("textbox", { name: INLINE_EDITOR });

    await app.user.click(screen.getByRole("button", { name: "Submit request" }));
    expect(await screen.findByText("There are no changes to submit.")).toBeVisible();
    expect(screen.getByText("Say why this change is needed.")).toBeVisible();
    expect(submitted(server)).toBeUndefined();

    await app.user.click(screen.getByRole("button", { name: /Inline policy/ }));
    await app.user.click(await screen.findByRole("option", { name: "read-logs" }));
    write(INLINE_EDITOR, DOCUMENT);
    await app.user.type(screen.getByRole("textbox", { name: "Justification" }), "Reports");
    await app.user.click(screen.getByRole("button", { name: "Submit request" }));

    expect(await screen.findByText("policy_name: the name is too long")).toBeVisible();
    expect(screen.getByText("The request was not submitted")).toBeVisible();
    expect(app.location()).toBe(EDITOR);
    expect(
      (submitted(server)?.body as { changes: { spec: { policy_name: string } }[] }).changes[0]?.spec
        .policy_name,
    ).toBe("read-logs");
  });

  it("lets an admin detach and attach managed policies, change tags, and submit and apply", async () => {
    const server = serve({}, true);
    const app = renderApp(EDITOR);
    await screen.findByRole("textbox", { name: INLINE_EDITOR });

    await app.user.click(screen.getByRole("tab", { name: "Managed policies" }));
    await app.user.click(await screen.findByRole("button", { name: "Detach LogReaders" }));
    await app.user.type(
      screen.getByRole("combobox", { name: "Attach a managed policy" }),
      "arn:aws:iam::aws:policy/SecurityAudit",
    );
    await app.user.click(screen.getByRole("button", { name: "Add" }));

    await app.user.click(screen.getByRole("tab", { name: "Tags" }));
    await app.user.click(await screen.findByRole("button", { name: "Remove tag owner" }));
    await app.user.type(screen.getByRole("textbox", { name: "Tag key" }), "team");
    await app.user.type(screen.getByRole("textbox", { name: "Tag value" }), "reports");
    await app.user.click(screen.getByRole("button", { name: "Add tag" }));

    await app.user.type(screen.getByRole("textbox", { name: "Justification" }), "Tidy up");
    await app.user.click(screen.getByRole("button", { name: "Submit and apply" }));

    await waitFor(() => expect(app.location()).toBe(`/requests/${REQUEST_ID}`));
    expect(submitted(server)?.body).toEqual({
      justification: "Tidy up",
      submit_and_apply: true,
      changes: [
        {
          spec: {
            type: "managed_policy",
            principal_arn: ROLE_ARN,
            policy_arn: "arn:aws:iam::aws:policy/SecurityAudit",
            action: "attach",
          },
        },
        {
          spec: {
            type: "managed_policy",
            principal_arn: ROLE_ARN,
            policy_arn: `arn:aws:iam::${ACCOUNT_ID}:policy/team/LogReaders`,
            action: "detach",
          },
        },
        {
          spec: {
            type: "tag",
            principal_arn: ROLE_ARN,
            key: "team",
            value: "reports",
            action: "add",
          },
        },
        { spec: { type: "tag", principal_arn: ROLE_ARN, key: "owner", action: "remove" } },
      ],
    });
  });

  it("edits a bucket policy and checks it as a resource policy", async () => {
    const server = serve({ [`GET /api/v2/s3/${ACCOUNT_ID}/logs`]: jsonResponse(bucketDetail()) });
    const app = renderApp(`/resources/s3/${ACCOUNT_ID}/logs`);
    // The bucket's page links here with its account (S3 ARNs carry none).
    await app.user.click(await screen.findByRole("link", { name: "Request changes" }));
    await waitFor(() =>
      expect(app.location()).toBe(
        `/requests/new?arn=${encodeURIComponent("arn:aws:s3:::logs")}&account=${ACCOUNT_ID}`,
      ),
    );
    const label = "Statements to add to the bucket policy";
    await screen.findByRole("textbox", { name: label });
    expect(screen.queryByRole("tab", { name: "Trust policy" })).toBeNull();

    const statement = {
      Sid: "Partner",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::logs/*",
    };
    write(label, { Version: "2012-10-17", Statement: [statement] });
    await screen.findByText("Valid policy, nothing to point out");
    expect(server.calls("POST /api/v2/policies/check")[0]?.body).toMatchObject({
      kind: "resource",
      target_arn: "arn:aws:s3:::logs",
    });

    await app.user.type(
      screen.getByRole("textbox", { name: "Justification" }),
      "Partner reads logs",
    );
    await app.user.click(screen.getByRole("button", { name: "Submit request" }));
    await waitFor(() => expect(app.location()).toBe(`/requests/${REQUEST_ID}`));
    expect(submitted(server)?.body).toMatchObject({
      changes: [
        {
          spec: {
            type: "resource_policy",
            resource_arn: "arn:aws:s3:::logs",
            resource_type: "s3",
            account_id: ACCOUNT_ID,
            action: "add",
            policy_document: { Version: "2012-10-17", Statement: [statement] },
          },
        },
      ],
    });
  });

  it("is reached from the role page, and asks for a target when none is given", async () => {
    serve({ [`GET /api/v2/users/${ACCOUNT_ID}/deploy-bot`]: jsonResponse(userDetail()) });
    const app = renderApp(`/resources/roles/${ACCOUNT_ID}/app-reader`);
    await app.user.click(await screen.findByRole("link", { name: "Request changes" }));
    await waitFor(() => expect(app.location()).toBe(EDITOR));
    expect(await screen.findByRole("tab", { name: "Trust policy" })).toBeVisible();

    // A user has no trust policy.
    await app.router.navigate(
      `/requests/new?arn=${encodeURIComponent(`arn:aws:iam::${ACCOUNT_ID}:user/deploy-bot`)}`,
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "Request changes to deploy-bot" }),
    ).toBeVisible();
    expect(await screen.findByRole("tab", { name: "Tags" })).toBeVisible();
    expect(screen.queryByRole("tab", { name: "Trust policy" })).toBeNull();

    await app.router.navigate("/requests/new");
    const arn = await screen.findByRole("textbox", { name: "ARN" });
    await app.user.type(arn, "not-an-arn");
    await app.user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText(/This is not the ARN/)).toBeVisible();
    await app.user.clear(arn);
    await app.user.type(arn, ROLE_ARN);
    await app.user.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(app.location()).toBe(EDITOR));
  });
});
