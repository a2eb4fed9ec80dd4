import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RequestDetail } from "../../api/types";
import { errorResponse, jsonResponse, mockFetch } from "../../test/fetch-mock";
import { userProfile } from "../../test/fixtures";
import {
  ADDED_STATEMENT,
  changeDetail,
  policyCheck,
  REQUEST_ID,
  requestDetail,
  ROLE_ARN,
} from "../../test/request-fixtures";
import { renderApp } from "../../test/render-app";
// Compiled while the file loads, so the first test does not spend its time budget on it.
import "./request-page";

const API = `/api/v2/requests/${REQUEST_ID}`;
const PAGE = `/requests/${REQUEST_ID}`;
const TITLE = "Add 1 statement to inline policy reports";

function serve(
  detail: RequestDetail,
  put?: Parameters<typeof mockFetch>[0][string],
  user = "carol@example.com",
) {
  return mockFetch({
    "GET /api/v2/user_profile": jsonResponse(
      userProfile({ user, is_admin: user === "carol@example.com" }),
    ),
    [`GET ${API}`]: jsonResponse(detail),
    ...(put ? { [`PUT ${API}`]: put } : {}),
  });
}

describe("RequestPage", { timeout: 15_000 }, () => {
  it("shows each change as a before/after diff with its findings and Terraform", async () => {
    serve(
      requestDetail({
        changes: [
          changeDetail({
            before: {
              Version: "2012-10-17",
              Statement: [
                { Sid: "Old", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
              ],
            },
          }),
        ],
      }),
    );
    const app = renderApp(PAGE);

    expect(await screen.findByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    expect(screen.getByText("Requested by alice@example.com", { exact: false })).toBeVisible();
    expect(screen.getByText("Read the monthly reports")).toBeVisible();
    expect(screen.getByText("0 of 1 approval")).toBeVisible();
    expect(screen.getByText("Administrators, team-a")).toBeVisible();
    expect(screen.getByText(ROLE_ARN)).toBeVisible();

    const before = await screen.findByLabelText(`${TITLE} (before)`, { selector: "pre" });
    const after = screen.getByLabelText(`${TITLE} (after)`, { selector: "pre" });
    expect(before.textContent).toContain("s3:ListAllMyBuckets");
    expect(JSON.parse(after.textContent ?? "")).toEqual(changeDetail().after);
    // Pretty-printed, so the diff is line by line.
    expect(after.textContent).toContain('\n  "Statement": [');

    const findings = screen.getByRole("list", { name: `Findings: ${TITLE}` });
    expect(within(findings).getByText("Medium")).toBeVisible();
    expect(within(findings).getByText("Broad listing")).toBeVisible();
    expect(within(findings).getByText("Statement 1 (ReadReports), Action")).toBeVisible();

    await app.user.click(screen.getByRole("button", { name: "Terraform" }));
    expect(screen.getByLabelText(`Terraform: ${TITLE}`)).toHaveTextContent(
      'resource "aws_iam_role_policy"',
    );
    expect(screen.getByRole("button", { name: `Copy Terraform: ${TITLE}` })).toBeVisible();

    const history = screen.getByRole("list", { name: "History" });
    expect(within(history).getByText("alice@example.com submitted the request")).toBeVisible();
    expect(screen.getByRole("list", { name: "Comments" })).toHaveTextContent(
      "Which bucket exactly?",
    );
  });

  it("shows only the buttons the server allows", async () => {
    serve(
      requestDetail({ allowed_commands: ["comment", "cancel", "update_change"] }),
      undefined,
      "alice@example.com",
    );
    renderApp(PAGE);

    expect(await screen.findByRole("button", { name: "Cancel request" })).toBeVisible();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Reject" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Apply/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Move back to pending" })).toBeNull();
    expect(screen.getByRole("textbox", { name: "New comment" })).toBeVisible();
    expect(screen.getByRole("button", { name: `Edit: ${TITLE}` })).toBeVisible();
  });

  it("says why more than one approval is needed", async () => {
    serve(requestDetail({ required_approvals: 2, sensitive_rules: ["iam-write"] }));
    renderApp(PAGE);
    expect(await screen.findByText("0 of 2 approvals — sensitive: iam-write")).toBeVisible();
  });

  it("approves at the version read, with the XSRF token, and shows the answer", async () => {
    document.cookie = "_xsrf=x-approve";
    const server = serve(
      requestDetail({ allowed_commands: ["approve", "comment", "reject"] }),
      () =>
        jsonResponse(
          requestDetail({
            status: "approved",
            version: 4,
            approvals: [{ user: "carol@example.com", at: "2026-03-01T11:00:00.000Z", rule: null }],
            changes: [changeDetail({ status: "approved" })],
            allowed_commands: ["comment"],
          }),
        ),
    );
    const app = renderApp(PAGE);

    await app.user.click(await screen.findByRole("button", { name: "Approve" }));

    expect(await screen.findByText("You approved this request.")).toBeVisible();
    const put = server.calls(`PUT ${API}`)[0];
    expect(put?.body).toEqual({ command: "approve", version: 3 });
    expect(put?.headers.get("X-Xsrftoken")).toBe("x-approve");
    expect(screen.getByText("1 of 1 approval")).toBeVisible();
    expect(screen.getAllByText("Approved, waiting to apply").length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("asks to confirm a rejection and sends the reason", async () => {
    const server = serve(
      requestDetail({ allowed_commands: ["approve", "comment", "reject"] }),
      () => jsonResponse(requestDetail({ status: "rejected", allowed_commands: ["comment"] })),
    );
    const app = renderApp(PAGE);

    await app.user.click(await screen.findByRole("button", { name: "Reject" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("Reject this request?")).toBeVisible();
    await app.user.type(
      within(dialog).getByRole("textbox", { name: "Reason" }),
      "Use the reports role instead",
    );
    await app.user.click(within(dialog).getByRole("button", { name: "Reject" }));

    expect(await screen.findByText("You rejected this request.")).toBeVisible();
    expect(server.calls(`PUT ${API}`)[0]?.body).toEqual({
      command: "reject",
      reason: "Use the reports role instead",
      version: 3,
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("reloads and says so when the request changed meanwhile (409)", async () => {
    let reads = 0;
    const server = mockFetch({
      "GET /api/v2/user_profile": jsonResponse(
        userProfile({ user: "carol@example.com", is_admin: true }),
      ),
      [`GET ${API}`]: () => {
        reads += 1;
        return jsonResponse(
          reads === 1
            ? requestDetail({ allowed_commands: ["approve", "comment", "reject"] })
            : requestDetail({ status: "rejected", version: 5, allowed_commands: ["comment"] }),
        );
      },
      [`PUT ${API}`]: errorResponse(409, "version_conflict", "the request changed; reload it"),
    });
    const app = renderApp(PAGE);

    await app.user.click(await screen.findByRole("button", { name: "Approve" }));

    expect(await screen.findByText("This request changed meanwhile")).toBeVisible();
    expect(server.calls(`GET ${API}`).length).toBe(2);
    expect(await screen.findAllByText("Rejected")).not.toHaveLength(0);
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("adds a comment", async () => {
    const server = serve(requestDetail({ allowed_commands: ["comment"] }), (request) =>
      jsonResponse(
        requestDetail({
          version: 4,
          comments: [
            ...requestDetail().comments,
            {
              id: "m2",
              author: "carol@example.com",
              text: (request.body as { text: string }).text,
              at: "2026-03-01T11:00:00.000Z",
            },
          ],
        }),
      ),
    );
    const app = renderApp(PAGE);

    await app.user.type(
      await screen.findByRole("textbox", { name: "New comment" }),
      "The reports bucket.",
    );
    await app.user.click(screen.getByRole("button", { name: "Add comment" }));

    const comments = screen.getByRole("list", { name: "Comments" });
    expect(await within(comments).findByText("The reports bucket.")).toBeVisible();
    expect(server.calls(`PUT ${API}`)[0]?.body).toEqual({
      command: "comment",
      text: "The reports bucket.",
      version: 3,
    });
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "New comment" })).toHaveValue(""),
    );
  });

  it("keeps a comment the server refused, and says why", async () => {
    serve(requestDetail({ allowed_commands: ["comment"] }), () =>
      errorResponse(403, "not_allowed", "you may not comment on this request"),
    );
    const app = renderApp(PAGE);

    await app.user.type(await screen.findByRole("textbox", { name: "New comment" }), "Hello?");
    await app.user.click(screen.getByRole("button", { name: "Add comment" }));

    expect(await screen.findByText("you may not comment on this request")).toBeVisible();
    expect(screen.getByRole("textbox", { name: "New comment" })).toHaveValue("Hello?");
  });

  it("lets an admin apply a failed change again, by its id", async () => {
    const failed = changeDetail({
      id: "c2",
      status: "failed",
      error: "AccessDenied: iam:PutRolePolicy",
    });
    const server = serve(
      requestDetail({
        status: "failed",
        changes: [
          changeDetail({ status: "applied", applied_at: "2026-03-01T11:00:00.000Z" }),
          failed,
        ],
        allowed_commands: ["apply_change", "comment", "move_back_to_pending"],
      }),
      () =>
        jsonResponse(
          requestDetail({
            status: "approved",
            changes: [
              changeDetail({ status: "applied" }),
              { ...failed, status: "approved", error: null },
            ],
          }),
        ),
    );
    const app = renderApp(PAGE);

    expect(await screen.findByText("AccessDenied: iam:PutRolePolicy")).toBeVisible();
    expect(screen.getByRole("button", { name: "Move back to pending" })).toBeVisible();
    // Only the failed change can be applied.
    expect(screen.getAllByRole("button", { name: `Apply: ${TITLE}` })).toHaveLength(1);
    await app.user.click(screen.getByRole("button", { name: `Apply: ${TITLE}` }));

    expect(await screen.findByText("The change was queued to be applied.")).toBeVisible();
    expect(server.calls(`PUT ${API}`)[0]?.body).toEqual({
      command: "apply_change",
      change_id: "c2",
      version: 3,
    });
  });

  it("shows the time left of an applied grant and offers to extend it", async () => {
    const expires = new Date(Date.now() + (2 * 24 + 3) * 3_600_000 + 60_000).toISOString();
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET ${API}`]: jsonResponse(
        requestDetail({
          status: "applied",
          changes: [
            changeDetail({
              status: "applied",
              applied_at: "2026-03-01T11:00:00.000Z",
              expires_at: expires,
            }),
          ],
        }),
      ),
      "GET /api/v2/roles/111122223333/app-reader": errorResponse(404, "not_found", "gone"),
    });
    const app = renderApp(PAGE);

    expect(await screen.findByText("2 days 3 hours left")).toBeVisible();
    await app.user.click(screen.getByRole("link", { name: "Request an extension" }));
    await waitFor(() =>
      expect(app.location()).toBe(`/requests/new?arn=${encodeURIComponent(ROLE_ARN)}`),
    );
  });

  describe("editing a pending change", () => {
    const EDITOR = "Edited policy document";
    const edited = {
      Version: "2012-10-17",
      Statement: [
        { ...ADDED_STATEMENT, Action: ["s3:GetObject"] },
        { Sid: "", Effect: "Allow" },
      ],
    };

    function serveEdit(
      put: Parameters<typeof mockFetch>[0][string],
      detail = requestDetail({ allowed_commands: ["comment", "cancel", "update_change"] }),
    ) {
      return mockFetch({
        "GET /api/v2/user_profile": jsonResponse(userProfile({ user: "alice@example.com" })),
        [`GET ${API}`]: jsonResponse(detail),
        [`PUT ${API}`]: put,
        "POST /api/v2/policies/check": jsonResponse(policyCheck()),
      });
    }

    async function openEditor(app: ReturnType<typeof renderApp>, title = TITLE) {
      await app.user.click(await screen.findByRole("button", { name: `Edit: ${title}` }));
      return screen.findByRole("dialog");
    }

    it("is offered only when the server allows update_change", async () => {
      serve(requestDetail({ allowed_commands: ["approve", "comment", "reject"] }));
      renderApp(PAGE);
      await screen.findByRole("button", { name: "Approve" });
      expect(screen.queryByRole("button", { name: /^Edit/ })).toBeNull();
    });

    it("edits the policy document, checked as typed, and sends update_change at the version read", async () => {
      const server = serveEdit(() =>
        jsonResponse(requestDetail({ version: 4, allowed_commands: ["comment", "update_change"] })),
      );
      const app = renderApp(PAGE);
      const dialog = await openEditor(app);

      const editor = await within(dialog).findByRole("textbox", { name: EDITOR });
      expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({
        Version: "2012-10-17",
        Statement: [ADDED_STATEMENT],
      });
      // The document as it is is checked at once (it was written already).
      expect(await within(dialog).findByText("Valid policy, nothing to point out")).toBeVisible();
      fireEvent.change(editor, { target: { value: JSON.stringify(edited, null, 2) } });
      await waitFor(() =>
        expect(server.calls("POST /api/v2/policies/check").at(-1)?.body).toMatchObject({
          kind: "identity",
          target_arn: ROLE_ARN,
        }),
      );
      await app.user.click(within(dialog).getByRole("button", { name: "Save change" }));

      expect(await screen.findByText(/The change was updated/)).toBeVisible();
      expect(server.calls(`PUT ${API}`)[0]?.body).toEqual({
        command: "update_change",
        change_id: "c1",
        spec: {
          type: "inline_policy",
          principal_arn: ROLE_ARN,
          policy_name: "reports",
          action: "add",
          // The blank Sid is left out, as the policy editor does.
          policy_document: { ...edited, Statement: [edited.Statement[0], { Effect: "Allow" }] },
        },
        version: 3,
      });
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    });

    it("edits a tag and its expiry", async () => {
      const tag = changeDetail({
        spec: { type: "tag", principal_arn: ROLE_ARN, key: "team", value: "a", action: "add" },
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const server = serveEdit(
        () => jsonResponse(requestDetail({ version: 4 })),
        requestDetail({ changes: [tag], allowed_commands: ["update_change"] }),
      );
      const app = renderApp(PAGE);
      const dialog = await openEditor(app, "Set tag team = a");

      const value = within(dialog).getByRole("textbox", { name: "Tag value" });
      await app.user.clear(value);
      await app.user.type(value, "reports");
      await app.user.click(within(dialog).getByRole("button", { name: /Access ends/ }));
      await app.user.click(await screen.findByRole("option", { name: "1 day" }));
      await app.user.click(within(dialog).getByRole("button", { name: "Save change" }));

      await waitFor(() => expect(server.calls(`PUT ${API}`)).toHaveLength(1));
      const body = server.calls(`PUT ${API}`)[0]?.body as Record<string, unknown>;
      expect(body).toMatchObject({
        command: "update_change",
        change_id: "c1",
        spec: {
          type: "tag",
          principal_arn: ROLE_ARN,
          key: "team",
          value: "reports",
          action: "add",
        },
        version: 3,
      });
      const hours = (Date.parse(String(body.expires_at)) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
    });

    it("keeps the form open with the server's refusal (400)", async () => {
      const server = serveEdit(
        errorResponse(400, "validation_error", "Action s3:Nope is not an S3 action"),
      );
      const app = renderApp(PAGE);
      const dialog = await openEditor(app);
      await app.user.click(within(dialog).getByRole("button", { name: "Save change" }));

      expect(await within(dialog).findByText("Action s3:Nope is not an S3 action")).toBeVisible();
      expect(within(dialog).getByText("The change was not saved")).toBeVisible();
      expect(screen.queryByText("That did not work")).toBeNull();
      expect(server.calls(`PUT ${API}`)).toHaveLength(1);
    });

    it("does not send text that is not JSON", async () => {
      const server = serveEdit(() => jsonResponse(requestDetail()));
      const app = renderApp(PAGE);
      const dialog = await openEditor(app);
      fireEvent.change(within(dialog).getByRole("textbox", { name: EDITOR }), {
        target: { value: "{" },
      });
      await app.user.click(within(dialog).getByRole("button", { name: "Save change" }));

      expect(
        await within(dialog).findByText("Fix the policy document before saving."),
      ).toBeVisible();
      expect(await within(dialog).findByText(/^Not valid JSON/)).toBeVisible();
      expect(server.calls(`PUT ${API}`)).toHaveLength(0);
    });

    it("closes, reloads and says so when the request changed meanwhile (409)", async () => {
      const server = serveEdit(
        errorResponse(409, "version_conflict", "the request changed; reload it"),
      );
      const app = renderApp(PAGE);
      const dialog = await openEditor(app);
      await app.user.click(within(dialog).getByRole("button", { name: "Save change" }));

      expect(await screen.findByText("This request changed meanwhile")).toBeVisible();
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect(server.calls(`GET ${API}`).length).toBe(2);
    });
  });

  it("says so when the request does not exist", async () => {
    mockFetch({
      "GET /api/v2/user_profile": jsonResponse(userProfile()),
      [`GET ${API}`]: errorResponse(404, "request_not_found", "no request"),
    });
    renderApp(PAGE);
    expect(await screen.findByText("No such request")).toBeVisible();
  });
});
