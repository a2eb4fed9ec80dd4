"""Identity from a client certificate passed on by a trusted TLS-terminating proxy."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from consoleme.testing import RunningApi
from tests.integration.access.conftest import OrgRoles, caller_identity
from tests.integration.access.weep import ALICE, WEEP_AGENT, go_json

pytestmark = pytest.mark.integration


def client_cert(common_name: str, email: str | None = None, *, days: int = 1) -> str:
    """A client certificate as the proxy passes it: URL-encoded PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "corp CA")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=2))
        .not_valid_after(now + datetime.timedelta(days=days))
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    pem = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    return quote(pem.decode(), safe="")


def _settings(org_roles: OrgRoles, **certificate: Any) -> dict[str, Any]:
    return {
        "auth": {
            "certificate": {"enabled": True, "trusted_cidrs": ["127.0.0.0/8"], **certificate},
            "static_groups": {ALICE: ["engineering"]},
        },
        "access": {
            "app_mappings": {"deployer": {"cli_only_roles": [org_roles.arn("dev", "ci-deployer")]}}
        },
    }


async def _credentials(api: RunningApi, cert: str, role: str, **headers: str) -> Any:
    async with api.client(headers={"User-Agent": WEEP_AGENT, "X-Client-Cert": cert}) as c:
        return await c.post(
            "/api/v1/get_credentials", content=go_json({"requested_role": role}), headers=headers
        )


async def test_person_certificate(access_api_factory: Any, org_roles: OrgRoles) -> None:
    api = await access_api_factory(**_settings(org_roles))
    answer = await _credentials(
        api, client_cert("Alice", ALICE), f"{org_roles.org.accounts['prod']}:role/engineering-admin"
    )
    assert answer.status_code == 200, answer.text
    who = caller_identity(answer.json()["Credentials"], org_roles.org.endpoint_url)
    assert who["Arn"].endswith(f":assumed-role/engineering-admin/{ALICE}")


async def test_application_certificate(access_api_factory: Any, org_roles: OrgRoles) -> None:
    api = await access_api_factory(**_settings(org_roles))
    cert = client_cert("deployer")
    arn = org_roles.arn("dev", "ci-deployer")
    answer = await _credentials(api, cert, arn)
    search = await _credentials(api, cert, "ci-deployer")
    other = await _credentials(api, cert, org_roles.arn("prod", "ci-deployer"))
    assert answer.status_code == 200, answer.text
    who = caller_identity(answer.json()["Credentials"], org_roles.org.endpoint_url)
    assert (
        who["Arn"]
        == f"arn:aws:sts::{org_roles.org.accounts['dev']}:assumed-role/ci-deployer/app-deployer"
    )
    assert (search.status_code, search.json()["code"]) == (403, "899")
    assert (other.status_code, other.json()["code"]) == (403, "903")
    async with api.client(headers={"X-Client-Cert": cert}) as c:
        roles = (await c.get("/api/v1/get_roles?all=true")).json()
        audit = (await c.get("/api/v2/audit")).json()["events"]
    assert roles == [arn]
    assert {e["user"] for e in audit} == {"app:deployer"}


async def test_certificate_header_is_ignored_unless_trusted(
    access_api_factory: Any, org_roles: OrgRoles
) -> None:
    cert = client_cert("Alice", ALICE)
    role = org_roles.arn("prod", "engineering-admin")
    untrusted = await access_api_factory(**_settings(org_roles, trusted_cidrs=["10.0.0.0/8"]))
    assert (await _credentials(untrusted, cert, role)).status_code == 401
    verified = await access_api_factory(**_settings(org_roles, verify_header="X-Client-Verify"))
    assert (await _credentials(verified, cert, role)).status_code == 401
    answer = await _credentials(verified, cert, role, **{"X-Client-Verify": "SUCCESS"})
    assert answer.status_code == 200
    expired = client_cert("Alice", ALICE, days=-1)
    assert (
        await _credentials(verified, expired, role, **{"X-Client-Verify": "SUCCESS"})
    ).status_code == 401
