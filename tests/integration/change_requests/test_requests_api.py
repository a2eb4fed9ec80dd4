"""The permission request API through a real server: submit, list, read, and every command by
every kind of caller (requester, another user, owner, admin)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from consoleme.core.task_client import APPLY_CHANGE, NOTIFY_CHANGE_REQUEST
from consoleme.domain.change_request import now_iso
from consoleme.testing import RunningApi, make_test_settings, start_api
from tests.integration.inventory.support import RecordingTaskClient, account, resource

pytestmark = pytest.mark.integration

PROD, DEV = "111111111111", "222222222222"
ROLE = f"arn:aws:iam::{PROD}:role/app"
QUEUE = f"arn:aws:sqs:us-east-1:{DEV}:orders"
ALICE, BOB, OLIVIA, ADMIN = (
    "alice@example.com",
    "bob@example.com",
    "olivia@example.com",
    "admin@example.com",
)
GROUPS = {ALICE: ["team-a"], BOB: ["team-b"], OLIVIA: ["app-owners"], ADMIN: ["admins"]}


def inline(*actions: str, resource_arn: str = "arn:aws:s3:::data/*") -> dict[str, Any]:
    return {
        "type": "inline_policy",
        "principal_arn": ROLE,
        "policy_name": "extra",
        "policy_document": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource_arn}],
        },
    }


class Users:
    """One signed-in client per person."""

    def __init__(self, api: RunningApi) -> None:
        self.api = api
        self.clients: dict[str, httpx.AsyncClient] = {}

    async def start(self) -> None:
        for user, groups in GROUPS.items():
            client = self.api.client()
            await self.api.sign_in(client, user, groups)
            self.clients[user] = client

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def submit(self, user: str, *changes: dict[str, Any], **extra: Any) -> httpx.Response:
        client = self.clients[user]
        wrapped = [c if "spec" in c else {"spec": c} for c in changes]
        body = {"justification": "ticket 42", "changes": wrapped, **extra}
        return await client.post(
            "/api/v2/request", json=body, headers=self.api.xsrf_headers(client)
        )

    async def command(self, user: str, request_id: str, **body: Any) -> httpx.Response:
        client = self.clients[user]
        return await client.put(
            f"/api/v2/requests/{request_id}", json=body, headers=self.api.xsrf_headers(client)
        )

    async def get(self, user: str, path: str, **params: Any) -> httpx.Response:
        return await self.clients[user].get(path, params=params)


@pytest_asyncio.fixture
async def users(tmp_path: Path, redis_url: str) -> AsyncIterator[tuple[Users, RecordingTaskClient]]:
    settings = make_test_settings(
        tmp_path,
        redis_url,
        auth={"admin_groups": ["admins"]},
        change_requests={
            "auto_approve": [
                {
                    "name": "read-own-team",
                    "own_team_resources": True,
                    "read_only_actions": True,
                    "max_grant_hours": 8,
                }
            ]
        },
    )
    api, server = await start_api(settings)
    tasks = RecordingTaskClient()
    api.services.change_requests.tasks = tasks
    cache = api.services.inventory.ctx.cache
    await cache.set_accounts([account(PROD, "prod"), account(DEV, "dev")])
    await cache.replace_part(
        PROD, "iam_role", [resource("iam_role", PROD, "app", tags={"owner": "app-owners"})]
    )
    await cache.replace_part(
        PROD, "managed_policy", [resource("managed_policy", PROD, "baseline-read")]
    )
    await cache.replace_part(
        DEV, "sqs_queue", [resource("sqs_queue", DEV, "orders", region="us-east-1")]
    )
    people = Users(api)
    await people.start()
    try:
        yield people, tasks
    finally:
        await people.close()
        server.stop()
        await api.services.close()


def applies(tasks: RecordingTaskClient) -> list[dict[str, Any]]:
    return [kwargs for name, kwargs in tasks.sent if name == APPLY_CHANGE]


async def test_submit_checks_and_describes_every_change(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    answer = await people.submit(ALICE, inline("s3:GetObject", "s3:PutObject", resource_arn="*"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "pending"
    assert body["requester"] == ALICE
    assert "app-owners" in body["approver_groups"]
    change = body["changes"][0]
    sid = change["spec"]["policy_document"]["Statement"][0]["Sid"]
    assert sid.startswith("ConsoleMe")
    assert sid.isalnum()
    assert change["before"] == resource("iam_role", PROD, "app")["inline_policies"].get("extra")
    assert change["after"]["Statement"][0]["Sid"] == sid
    assert "aws_iam_role_policy" in change["terraform"]
    assert any(f["severity"] in ("high", "medium") for f in change["findings"]), change["findings"]
    assert set(body["allowed_commands"]) == {"comment", "update_change", "cancel"}
    assert applies(tasks) == []
    notified = [k["event"] for n, k in tasks.sent if n == NOTIFY_CHANGE_REQUEST]
    assert [e["type"] for e in notified] == ["submitted"]
    assert "group:app-owners" in notified[0]["recipients"]
    assert notified[0]["url"].endswith(f"/requests/{body['id']}")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({**inline("s3:GetObject"), "principal_arn": f"arn:aws:iam::{PROD}:role/nope"},
         "unknown_target"),
        ({**inline("s3:GetObject"), "policy_document": {"Statement": []}}, "invalid_policy"),
        ({**inline("s3:GetObject"), "policy_document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject"}]}}, "invalid_policy"),
        ({**inline("s3:GetObject"), "status": "approved"}, "validation_error"),
        ({"type": "managed_policy", "principal_arn": ROLE,
          "policy_arn": f"arn:aws:iam::{PROD}:policy/missing"}, "unknown_target"),
        ({"type": "create_role", "account_id": "999999999999", "role_name": "x",
          "assume_role_policy_document": {}}, "unknown_target"),
        ({"type": "tag", "principal_arn": ROLE, "key": "bad\u0000key"}, "validation_error"),
    ],
)  # fmt: skip
async def test_bad_changes_are_clear_400s(
    users: tuple[Users, RecordingTaskClient], change: dict[str, Any], code: str
) -> None:
    people, _ = users
    answer = await people.submit(ALICE, change)
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == code


async def test_bad_bodies_and_expiries(users: tuple[Users, RecordingTaskClient]) -> None:
    people, _ = users
    client = people.clients[ALICE]
    headers = people.api.xsrf_headers(client)
    not_json = await client.post("/api/v2/request", content=b"{", headers=headers)
    assert not_json.status_code == 400
    assert not_json.json()["code"] == "invalid_json"
    saved_as_approved = await people.submit(ALICE, inline("s3:GetObject"), status="approved")
    assert saved_as_approved.status_code == 400
    past = await people.submit(
        ALICE, {"spec": inline("s3:GetObject"), "expires_at": "2020-01-01T00:00:00Z"}
    )
    assert past.status_code == 400, past.text
    detach = {"type": "managed_policy", "principal_arn": ROLE, "action": "detach",
              "policy_arn": f"arn:aws:iam::{PROD}:policy/baseline-read"}  # fmt: skip
    expiring_detach = await people.submit(
        ALICE, {"spec": detach, "expires_at": now_iso(2_000_000_000)}
    )
    assert expiring_detach.status_code == 400
    assert "only grants" in expiring_detach.json()["message"]
    no_xsrf = await client.post("/api/v2/request", json={"justification": "x", "changes": []})
    assert no_xsrf.status_code == 403
    assert no_xsrf.json()["code"] == "xsrf_failed"


def wrap(change: dict[str, Any], expires_at: str | None = None) -> dict[str, Any]:
    return {"spec": change, "expires_at": expires_at}


async def _pending(people: Users, *actions: str) -> dict[str, Any]:
    answer = await people.submit(ALICE, wrap(inline(*(actions or ("s3:PutObject",)))))
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "pending"
    return dict(answer.json())


async def test_requester_cannot_approve_or_reject_but_can_cancel(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    request = await _pending(people)
    for command in ("approve", "reject", "apply_change", "move_back_to_pending"):
        extra = {"change_id": "c1"} if command == "apply_change" else {}
        answer = await people.command(ALICE, request["id"], command=command, **extra)
        assert answer.status_code == 403, (command, answer.text)
        assert answer.json()["code"] == "not_allowed"
    cancelled = await people.command(ALICE, request["id"], command="cancel", reason="not needed")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert applies(tasks) == []


async def test_another_user_sees_nothing_and_can_do_nothing(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, _ = users
    request = await _pending(people)
    assert (await people.get(BOB, f"/api/v2/requests/{request['id']}")).status_code == 404
    for command in ("comment", "approve", "reject", "cancel"):
        body: dict[str, Any] = {"text": "hi"} if command == "comment" else {}
        answer = await people.command(BOB, request["id"], command=command, **body)
        assert answer.status_code == 404, (command, answer.text)
    listed = await people.get(BOB, "/api/v2/requests")
    assert listed.json()["requests"] == []
    spying = await people.get(BOB, "/api/v2/requests", requester=ALICE)
    assert spying.status_code == 403


async def test_owner_approves_but_cannot_cancel_or_apply(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    request = await _pending(people)
    seen = await people.get(OLIVIA, f"/api/v2/requests/{request['id']}")
    assert seen.status_code == 200
    assert set(seen.json()["allowed_commands"]) == {"comment", "approve", "reject"}
    assert (await people.command(OLIVIA, request["id"], command="cancel")).status_code == 403
    edit = await people.command(
        OLIVIA, request["id"], command="update_change", change_id="c1", spec=inline("s3:*")
    )
    assert edit.status_code == 403
    approved = await people.command(OLIVIA, request["id"], command="approve", version=1)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert applies(tasks) == [{"request_id": request["id"], "change_id": "c1"}]
    again = await people.command(OLIVIA, request["id"], command="apply_change", change_id="c1")
    assert again.status_code == 403
    other_cancel = await people.command(OLIVIA, request["id"], command="cancel")
    assert other_cancel.status_code == 403


async def test_admin_may_do_everything_but_approve_their_own(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    own = await people.submit(ADMIN, wrap(inline("s3:PutObject")))
    refused = await people.command(ADMIN, own.json()["id"], command="approve")
    assert refused.status_code == 403
    assert "own request" in refused.json()["message"]
    request = await _pending(people)
    comment = await people.command(ADMIN, request["id"], command="comment", text="why?")
    assert comment.json()["comments"][0]["author"] == ADMIN
    approved = await people.command(ADMIN, request["id"], command="approve")
    assert approved.json()["status"] == "approved"
    back = await people.command(ADMIN, request["id"], command="move_back_to_pending", reason="r")
    assert back.json()["status"] == "pending"
    assert back.json()["approvals"] == []
    cancel = await people.command(ADMIN, request["id"], command="cancel")
    assert cancel.json()["status"] == "cancelled"
    assert len(applies(tasks)) == 1


async def test_requester_edits_a_pending_change_and_approvals_reset(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, _ = users
    answer = await people.submit(ALICE, wrap(inline("iam:GetRole", resource_arn="*")))
    request = answer.json()
    assert request["required_approvals"] == 2  # the default iam-write sensitive rule
    first = await people.command(ADMIN, request["id"], command="approve")
    assert first.json()["status"] == "pending"
    edited = await people.command(
        ALICE, request["id"], command="update_change", change_id="c1", spec=inline("s3:GetObject")
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["approvals"] == []
    # No longer an iam: action: one approval is enough again, and the rule is gone.
    assert edited.json()["required_approvals"] == 1
    assert edited.json()["sensitive_rules"] == []
    assert "app-owners" in edited.json()["approver_groups"]
    statement = edited.json()["changes"][0]["spec"]["policy_document"]["Statement"][0]
    assert statement["Action"] == ["s3:GetObject"]


async def test_stale_version_is_a_conflict(users: tuple[Users, RecordingTaskClient]) -> None:
    people, _ = users
    request = await _pending(people)
    await people.command(ADMIN, request["id"], command="comment", text="first")
    stale = await people.command(OLIVIA, request["id"], command="approve", version=1)
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"


async def test_two_approvals_at_once_queue_one_apply(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    request = await _pending(people)
    answers = await asyncio.gather(
        people.command(OLIVIA, request["id"], command="approve"),
        people.command(ADMIN, request["id"], command="approve"),
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409], [a.text for a in answers]
    assert applies(tasks) == [{"request_id": request["id"], "change_id": "c1"}]


async def test_auto_approve_rule_is_recorded(users: tuple[Users, RecordingTaskClient]) -> None:
    people, tasks = users
    soon = now_iso(time.time() + 3600)
    answer = await people.submit(OLIVIA, wrap(inline("s3:GetObject"), soon))
    body = answer.json()
    assert body["status"] == "approved", body
    assert body["auto_approved_by"] == "read-own-team"
    assert body["approvals"][0]["user"] == "auto"
    assert applies(tasks) == [{"request_id": body["id"], "change_id": "c1"}]
    writes = await people.submit(OLIVIA, wrap(inline("s3:PutObject"), soon))
    assert writes.json()["status"] == "pending"


async def test_submit_and_apply_is_for_admins_only(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, tasks = users
    refused = await people.submit(ALICE, wrap(inline("s3:GetObject")), submit_and_apply=True)
    assert refused.status_code == 403
    done = await people.submit(ADMIN, wrap(inline("s3:GetObject")), submit_and_apply=True)
    assert done.json()["status"] == "approved"
    assert done.json()["approvals"][0]["rule"] == "admin-submit-and-apply"
    assert len(applies(tasks)) == 1


async def test_cross_account_grant_adds_the_queue_policy(
    users: tuple[Users, RecordingTaskClient],
) -> None:
    people, _ = users
    answer = await people.submit(ALICE, wrap(inline("sqs:SendMessage", resource_arn=QUEUE)))
    changes = answer.json()["changes"]
    assert [c["spec"]["type"] for c in changes] == ["inline_policy", "resource_policy"]
    queue_change = changes[1]
    assert queue_change["account_id"] == DEV
    assert queue_change["spec"]["policy_document"]["Statement"][0]["Principal"] == {"AWS": ROLE}
    assert "aws_sqs_queue_policy" in queue_change["terraform"]


async def test_list_filters_in_the_store(users: tuple[Users, RecordingTaskClient]) -> None:
    people, _ = users
    first = await _pending(people)
    second = await _pending(people)
    await people.command(ADMIN, second["id"], command="reject", reason="no")
    mine = await people.get(ALICE, "/api/v2/requests")
    assert [r["id"] for r in mine.json()["requests"]] == [second["id"], first["id"]]
    pending = await people.get(ADMIN, "/api/v2/requests", status="pending", requester=ALICE)
    assert [r["id"] for r in pending.json()["requests"]] == [first["id"]]
    by_arn = await people.get(ADMIN, "/api/v2/requests", arn=ROLE, status="rejected")
    assert [r["id"] for r in by_arn.json()["requests"]] == [second["id"]]
    by_account = await people.get(ADMIN, "/api/v2/requests", account=DEV)
    assert by_account.json()["requests"] == []
    paged = await people.get(ADMIN, "/api/v2/requests", limit=1, order="oldest")
    assert [r["id"] for r in paged.json()["requests"]] == [first["id"]]
    rest = await people.get(ADMIN, "/api/v2/requests", limit=1, order="oldest",
                            cursor=paged.json()["cursor"])  # fmt: skip
    assert [r["id"] for r in rest.json()["requests"]] == [second["id"]]
    for bad in ({"status": "nope"}, {"limit": "0"}, {"account": "12"}, {"cursor": "garbage"}):
        answer = await people.get(ADMIN, "/api/v2/requests", **bad)
        assert answer.status_code == 400, (bad, answer.text)


async def test_signed_out_callers_get_401(users: tuple[Users, RecordingTaskClient]) -> None:
    people, _ = users
    async with people.api.client() as anonymous:
        assert (await anonymous.get("/api/v2/requests")).status_code == 401
        assert (await anonymous.post("/api/v2/request", json={})).status_code == 401


async def test_waiting_for_my_approval(users: tuple[Users, RecordingTaskClient]) -> None:
    people, _ = users
    first = await _pending(people)
    second = await _pending(people, "iam:GetRole")
    assert second["sensitive_rules"] == ["iam-write"]

    async def waiting(user: str) -> list[str]:
        answer = await people.get(user, "/api/v2/requests", awaiting_me="true")
        assert answer.status_code == 200, answer.text
        return [r["id"] for r in answer.json()["requests"]]

    assert await waiting(OLIVIA) == [second["id"], first["id"]]
    assert await waiting(BOB) == []
    assert await waiting(ALICE) == []  # nobody approves their own
    assert await waiting(ADMIN) == [second["id"], first["id"]]
    await people.command(OLIVIA, first["id"], command="approve")
    assert await waiting(OLIVIA) == [second["id"]]
    await people.command(ALICE, second["id"], command="cancel")
    assert await waiting(OLIVIA) == []
    bad = await people.get(OLIVIA, "/api/v2/requests", awaiting_me="yes")
    assert bad.status_code == 400
