"""CloudTrail errors by principal, through the hub over real HTTP.

moto does not implement LookupEvents (it answers 500), so the paginated call path is checked
against a small loopback endpoint speaking CloudTrail's JSON protocol with realistic events,
and against moto only for how the failure is reported.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from consoleme.aws.cloudtrail_read import read_access_denied
from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.hub import AwsHub
from consoleme.aws.testing import use_dummy_aws_credentials
from consoleme.config.models import AwsSettings
from consoleme.errors import AwsError

pytestmark = pytest.mark.integration

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-checkout"
USER = f"arn:aws:iam::{ACCOUNT}:user/build-bot"


def record(error: str | None, identity: dict[str, Any]) -> str:
    event: dict[str, Any] = {
        "eventVersion": "1.08",
        "userIdentity": identity,
        "eventTime": "2026-01-05T10:00:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": "GetObject",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "10.0.0.1",
    }
    if error:
        event["errorCode"] = error
        event["errorMessage"] = "Access Denied"
    return json.dumps(event)


ROLE_SESSION = {
    "type": "AssumedRole",
    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/app-checkout/i-0abc",
    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": ROLE}},
}
IAM_USER = {"type": "IAMUser", "arn": USER}
PAGES = [
    [
        record("AccessDenied", ROLE_SESSION),
        record(None, ROLE_SESSION),
        record("Client.UnauthorizedOperation", IAM_USER),
    ],
    [record("AccessDenied", ROLE_SESSION), record("ThrottlingException", IAM_USER)],
    [record("AccessDenied", IAM_USER)],  # only reached without a page limit
]


class LookupEvents(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["X-Amz-Target"].endswith("LookupEvents")
        self.requests.append(body)
        page = int(body.get("NextToken", "0"))
        answer: dict[str, Any] = {
            "Events": [
                {"EventId": f"{page}-{i}", "EventName": "GetObject", "CloudTrailEvent": raw}
                for i, raw in enumerate(PAGES[page])
            ]
        }
        if page + 1 < len(PAGES):
            answer["NextToken"] = str(page + 1)
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def cloudtrail_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    use_dummy_aws_credentials(monkeypatch)
    LookupEvents.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LookupEvents)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize(
    ("max_pages", "expected"), [(2, {ROLE: 2, USER: 1}), (10, {ROLE: 2, USER: 2})]
)
async def test_denied_events_are_counted_by_principal(
    cloudtrail_endpoint: str, max_pages: int, expected: dict[str, int]
) -> None:
    settings = AwsSettings(endpoint_url=cloudtrail_endpoint, hub_account_id=ACCOUNT)
    async with AwsHub(settings) as hub:
        counts = await read_access_denied(hub, ACCOUNT, 1_767_600_000, max_pages=max_pages)
    assert counts == expected
    assert len(LookupEvents.requests) == min(max_pages, len(PAGES))
    assert LookupEvents.requests[0]["StartTime"] == 1_767_600_000


async def test_moto_without_lookup_events_is_a_failure_of_that_account(
    aws_settings: AwsSettings, aws_org: DemoOrg
) -> None:
    account_id = aws_org.accounts["dev"]
    async with AwsHub(aws_settings) as hub:
        with pytest.raises(AwsError) as caught:
            await read_access_denied(hub, account_id, 0)
    assert caught.value.details["account_id"] == account_id
    assert "cloudtrail:lookup_events" in caught.value.message
