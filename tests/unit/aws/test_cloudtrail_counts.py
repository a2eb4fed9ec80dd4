"""Counting AccessDenied-like CloudTrail events by principal, on realistic event records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consoleme.aws.cloudtrail_read import count_access_denied, is_access_denied, principal_arn

pytestmark = pytest.mark.unit

ROLE = "arn:aws:iam::111122223333:role/service/app-checkout"
SESSION = {
    "type": "AssumedRole",
    "principalId": "AROAEXAMPLE:i-0abc",
    "arn": "arn:aws:sts::111122223333:assumed-role/app-checkout/i-0abc",
    "accountId": "111122223333",
    "sessionContext": {
        "sessionIssuer": {"type": "Role", "arn": ROLE, "userName": "app-checkout"},
        "attributes": {"creationDate": "2026-01-05T09:00:00Z", "mfaAuthenticated": "false"},
    },
}
USER = {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/build-bot"}


def event(error: str | None, identity: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"eventVersion": "1.08", "userIdentity": identity, "eventName": "X"}
    if error is not None:
        body["errorCode"] = error
    return {"EventId": "1", "CloudTrailEvent": json.dumps(body)}


@pytest.mark.parametrize(
    ("code", "denied"),
    [
        ("AccessDenied", True),
        ("AccessDeniedException", True),
        ("Client.UnauthorizedOperation", True),
        ("UnauthorizedOperation", True),
        ("KMS.UnauthorizedException", True),
        ("ThrottlingException", False),
        ("NoSuchEntity", False),
        (None, False),
    ],
)
def test_which_error_codes_count(code: str | None, denied: bool) -> None:
    assert is_access_denied(code) is denied


def test_role_sessions_count_against_the_role() -> None:
    assert principal_arn({"userIdentity": SESSION}) == ROLE
    assert principal_arn({"userIdentity": USER}) == USER["arn"]
    assert principal_arn({"userIdentity": {"type": "AWSService"}}) is None


def test_counts_by_principal() -> None:
    events = [
        event("AccessDenied", SESSION),
        event("AccessDenied", SESSION),
        event(None, SESSION),
        event("Client.UnauthorizedOperation", USER),
        event("ThrottlingException", USER),
        {"EventId": "2"},  # no record
        {"EventId": "3", "CloudTrailEvent": "{not json"},
        event("AccessDenied", {"type": "AWSService", "invokedBy": "s3.amazonaws.com"}),
    ]
    assert count_access_denied(events) == {ROLE: 2, USER["arn"]: 1}
