"""Client-certificate identity: who a certificate names, and when its header is believed."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from consoleme.config.access import CertificateAuthSettings
from consoleme.domain.identity import RequestInfo
from consoleme_default_plugins.certificate_identity import CertificateIdentity

pytestmark = pytest.mark.unit


def pem(subject: list[x509.NameAttribute], san: list[x509.GeneralName] | None = None) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(subject))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ca")]))
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    return quote(cert.public_bytes(serialization.Encoding.PEM).decode(), safe="")


def request(cert: str, peer: str = "127.0.0.1", **headers: str) -> RequestInfo:
    return RequestInfo("GET", "/", {"X-Client-Cert": cert, **headers}, peer, peer)


PLUGIN = CertificateIdentity(CertificateAuthSettings(enabled=True))


def test_people_by_san_or_subject_email() -> None:
    by_san = pem([x509.NameAttribute(NameOID.COMMON_NAME, "A")], [x509.RFC822Name("A@Ex.com")])
    by_subject = pem([x509.NameAttribute(NameOID.EMAIL_ADDRESS, "b@ex.com")])
    first = PLUGIN.identity_from_request(request(by_san))
    second = PLUGIN.identity_from_request(request(by_subject))
    assert first is not None
    assert second is not None
    assert (first.user, first.kind, first.method) == ("a@ex.com", "cli", "certificate")
    assert second.user == "b@ex.com"


def test_applications_by_common_name() -> None:
    app = PLUGIN.identity_from_request(
        request(pem([x509.NameAttribute(NameOID.COMMON_NAME, "Deployer")]))
    )
    assert app is not None
    assert app.user == "app:deployer"
    odd = pem([x509.NameAttribute(NameOID.COMMON_NAME, "two words")])
    assert PLUGIN.identity_from_request(request(odd)) is None


def test_header_believed_only_from_trusted_proxies_and_when_verified() -> None:
    cert = pem([x509.NameAttribute(NameOID.COMMON_NAME, "svc")])
    assert PLUGIN.identity_from_request(request(cert, peer="203.0.113.5")) is None
    assert PLUGIN.identity_from_request(request("garbage")) is None
    off = CertificateIdentity(CertificateAuthSettings())
    assert off.identity_from_request(request(cert)) is None
    strict = CertificateIdentity(
        CertificateAuthSettings(enabled=True, verify_header="X-Client-Verify")
    )
    assert strict.identity_from_request(request(cert)) is None
    assert strict.identity_from_request(request(cert, **{"X-Client-Verify": "FAILED"})) is None
    assert strict.identity_from_request(request(cert, **{"X-Client-Verify": "SUCCESS"})) is not None
