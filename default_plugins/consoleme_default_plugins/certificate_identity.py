"""Identity from a client certificate that a TLS-terminating proxy verified (weep's mTLS mode).

The proxy (nginx, an ALB with mutual TLS, Envoy...) checks the certificate chain and passes the
certificate on, URL-encoded PEM, in ``auth.certificate.cert_header``. The header is believed
only when the socket peer is inside ``auth.certificate.trusted_cidrs`` (anyone else could send
it) and, when ``verify_header`` is set, when the proxy also says the check succeeded.

A certificate naming an e-mail address (subjectAltName rfc822Name, else the subject's
emailAddress) identifies that person; one without identifies the application named by its
subject CN, as ``<app_prefix><cn>`` (default ``app:<cn>``). Such identities need no XSRF token.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import unquote

from cryptography import x509
from cryptography.x509.oid import NameOID

from consoleme.config.access import CertificateAuthSettings
from consoleme.config.models import Settings
from consoleme.domain.client_ip import ip_in_networks
from consoleme.domain.identity import Identity, RequestInfo, normalize_user
from consoleme.plugins import hookimpl

_APP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class CertificateIdentity:
    def __init__(self, settings: CertificateAuthSettings) -> None:
        self.settings = settings

    @hookimpl
    def identity_from_request(self, request: RequestInfo) -> Identity | None:
        cfg = self.settings
        if not cfg.enabled:
            return None
        raw = (request.headers.get(cfg.cert_header) or "").strip()
        if not raw or not ip_in_networks(request.peer_ip, cfg.trusted_cidrs):
            return None
        if cfg.verify_header and request.headers.get(cfg.verify_header) != cfg.verify_value:
            return None
        cert = parse_certificate(raw)
        if cert is None:
            return None
        return identity_of(cert, cfg.app_prefix)


def parse_certificate(header_value: str) -> x509.Certificate | None:
    """The certificate in a header (URL-encoded PEM), or None when it is not one."""
    try:
        return x509.load_pem_x509_certificate(unquote(header_value).encode())
    except ValueError:
        return None


def identity_of(cert: x509.Certificate, app_prefix: str) -> Identity | None:
    """The person or application ``cert`` names; None when expired or naming neither."""
    now = datetime.now(UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return None
    expires = int(cert.not_valid_after_utc.timestamp())
    email = _email(cert)
    if email is not None:
        return Identity(normalize_user(email), (), "certificate", "cli", expires)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = str(names[0].value).strip() if names else ""
    if not _APP_NAME.match(common_name):
        return None
    return Identity(f"{app_prefix}{common_name.lower()}", (), "certificate", "cli", expires)


def _email(cert: x509.Certificate) -> str | None:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        found = san.value.get_values_for_type(x509.RFC822Name)
    except x509.ExtensionNotFound:
        found = []
    found += [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)]
    for value in found:
        if _EMAIL.match(value.strip()):
            return value.strip()
    return None


def plugin(settings: Settings) -> CertificateIdentity:
    return CertificateIdentity(settings.auth.certificate)
