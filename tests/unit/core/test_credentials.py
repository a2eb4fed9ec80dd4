"""The credentials use-case: resolution, codes, the AssumeRole request, the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from consoleme.core.credentials import CredentialBroker
from consoleme.domain.audit import Caller
from consoleme.domain.eligibility import RoleFacts
from consoleme.domain.identity import Identity
from consoleme.errors import ConsoleMeError
from tests.unit.core.access_fakes import AccessKit, FakeSts, access_kit

pytestmark = pytest.mark.unit

A, B = "111111111111", "222222222222"
ADMIN_A = f"arn:aws:iam::{A}:role/admin"
ADMIN_B = f"arn:aws:iam::{B}:role/admin"
CI_B = f"arn:aws:iam::{B}:role/ci"
ROLES = [
    RoleFacts(ADMIN_A, A, "admin", {"consoleme-authorized": "eng"}, 7200),
    RoleFacts(ADMIN_B, B, "admin", {"consoleme-authorized": "eng"}),
    RoleFacts(CI_B, B, "ci", {"consoleme-authorized-cli-only": "eng"}),
]
ALICE = Identity("alice@example.com", ("eng",), "test", "cli")
CALLER = Caller(ALICE.user, ALICE.groups, "192.0.2.10", "weep/1 Go-http-client/1.1", "r1", "weep")


def broker(sts: FakeSts | None = None, **settings: Any) -> tuple[CredentialBroker, AccessKit]:
    kit = access_kit(ROLES, **settings)
    found = CredentialBroker(kit.settings, "app:", kit.eligibility, sts or FakeSts(), kit.audit)
    return found, kit


async def refused(coro: Any) -> ConsoleMeError:
    with pytest.raises(ConsoleMeError) as caught:
        await coro
    return caught.value


async def _issue(b: CredentialBroker, body: bytes, identity: Identity = ALICE) -> Any:
    return await b.issue(identity, CALLER, await b.parse(body, CALLER))


async def test_issue_and_what_is_asked_of_sts() -> None:
    sts = FakeSts()
    b, kit = broker(
        sts,
        credentials={
            "session_duration_seconds": 43200,
            "ip_restrictions": True,
            "session_tags": {"who": "{user}"},
        },
    )
    issued = await _issue(b, b'{"requested_role":"111111111111:role/ADMIN"}\n')
    assert issued.role.arn == ADMIN_A
    [spec] = sts.specs
    assert spec.session_name == spec.source_identity == "alice@example.com"
    assert spec.duration_seconds == 7200
    assert spec.tags == (("who", "alice@example.com"),)
    assert spec.policy is not None
    ips = spec.policy["Statement"][1]["Condition"]["NotIpAddress"]["aws:SourceIp"]
    assert ips == ["192.0.2.10/32"]
    [event] = [r.data for r in kit.store.records.values()]
    assert (event["outcome"], event["role_arn"], event["ip_restricted"]) == (
        "issued",
        ADMIN_A,
        True,
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"requested_role":"admin"}', 403, "901"),
        (b'{"requested_role":"nothing"}', 403, "900"),
        (b'{"requested_role":"arn:aws:iam::333333333333:role/admin"}', 403, "903"),
        (b'{"requested_role":"ci","console_only":true}', 403, "900"),
        (b'{"user_role":"admin","account":"acct-9"}', 400, "906"),
        (b'{"user_role":"nope","account":"acct-1"}', 403, "903"),
        (b'{"requested_role":"ci","no_ip_restrictions":true}', 403, "902"),
        (b'{"requested_role":"admin"', 400, "904"),
        (b'{"requested_role":"x","extra":1}', 400, "904"),
    ],
)
async def test_refusals_carry_weep_codes_and_are_audited(
    body: bytes, status: int, code: str
) -> None:
    b, kit = broker(credentials={"ip_restrictions": True})
    error = await refused(_issue(b, body))
    assert (error.status, error.code) == (status, code)
    [event] = [r.data for r in kit.store.records.values()]
    assert (event["outcome"], event["code"]) == ("refused", code)


async def test_901_lists_the_matches() -> None:
    b, _ = broker()
    error = await refused(_issue(b, b'{"requested_role":"role/admin"}'))
    assert error.details == {"matching roles": [ADMIN_A, ADMIN_B]}


async def test_user_role_and_account_by_name_or_id() -> None:
    b, _ = broker()
    by_name = await _issue(b, b'{"user_role":"ADMIN","account":"ACCT-2"}')
    by_id = await _issue(b, b'{"user_role":"ci","account":"222222222222"}')
    assert (by_name.role.arn, by_id.role.arn) == (ADMIN_B, CI_B)


async def test_waivers_and_sts_failure() -> None:
    sts = FakeSts(fail_for=ADMIN_B)
    b, _ = broker(sts, credentials={"ip_restrictions": True, "ip_restriction_waivers": ["eng"]})
    waived = await _issue(b, b'{"requested_role":"ci","no_ip_restrictions":true}')
    assert waived.ip_restricted is False
    assert sts.specs[-1].policy is None
    error = await refused(_issue(b, b'{"requested_role":"' + ADMIN_B.encode() + b'"}'))
    assert (error.status, error.code) == (403, "902")


async def test_applications_need_full_arns() -> None:
    b, _ = broker(app_mappings={"deployer": {"roles": [CI_B]}})
    app = Identity("app:deployer", (), "certificate", "cli")
    error = await refused(_issue(b, b'{"requested_role":"ci"}', app))
    assert error.code == "899"
    issued = await _issue(b, b'{"requested_role":"' + CI_B.encode() + b'"}', app)
    assert issued.role.arn == CI_B
