"""The get_credentials body: what weep sends is accepted, everything else refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consoleme.domain.audit import client_kind
from consoleme.domain.credential_request import CredentialRequest

pytestmark = pytest.mark.unit


def test_weep_body_with_metadata() -> None:
    request = CredentialRequest.model_validate_json(
        b'{"requested_role":"prod","no_ip_restrictions":true,"metadata":{"hostname":"h",'
        b'"username":"u","weep_version":"0.3.26","weep_method":"serve","future_field":1}}\n'
    )
    assert request.requested_role == "prod"
    assert request.no_ip_restrictions is True
    assert request.metadata is not None
    assert request.metadata.model_dump(exclude_none=True)["future_field"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"requested_role": "x", "app_name": "y"},
        {"requested_role": "x", "user_role": "y", "account": "z"},
        {"user_role": "y"},
        {},
        {"requested_role": ""},
    ],
)
def test_refused_bodies(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CredentialRequest.model_validate(body)


def test_user_role_with_account() -> None:
    request = CredentialRequest.model_validate({"user_role": "admin", "account": "prod"})
    assert (request.user_role, request.account, request.requested_role) == ("admin", "prod", None)


def test_client_kind() -> None:
    assert client_kind("weep/0.3.26 Go-http-client/1.1", False) == "weep"
    assert client_kind("Go-http-client/1.1", False) == "weep"
    assert client_kind("cme/0.1.0 python-httpx", False) == "cme"
    assert client_kind("Mozilla/5.0", True) == "browser"
    assert client_kind("curl/8", False) == "other"
