"""Identity from a trusted authenticating proxy's headers (ALB, oauth2-proxy, ...).

Believed only when the socket peer is inside ``auth.header.trusted_cidrs``: anyone else could
simply send the header.
"""

from __future__ import annotations

from consoleme.config.models import HeaderAuthSettings, Settings
from consoleme.domain.client_ip import ip_in_networks
from consoleme.domain.identity import Identity, RequestInfo, normalize_user
from consoleme.plugins import hookimpl


class HeaderIdentity:
    def __init__(self, settings: HeaderAuthSettings) -> None:
        self.settings = settings

    @hookimpl
    def identity_from_request(self, request: RequestInfo) -> Identity | None:
        cfg = self.settings
        if not cfg.enabled:
            return None
        user = (request.headers.get(cfg.user_header) or "").strip()
        if not user or not ip_in_networks(request.peer_ip, cfg.trusted_cidrs):
            return None
        groups: tuple[str, ...] = ()
        if cfg.groups_header:
            raw = request.headers.get(cfg.groups_header) or ""
            groups = tuple(
                sorted({g.strip() for g in raw.split(cfg.groups_separator) if g.strip()})
            )
        # The proxy's own session cookie rides along automatically: treat it like a browser
        # session, so state-changing requests need the XSRF token.
        return Identity(normalize_user(user), groups, method="header", kind="browser")


def plugin(settings: Settings) -> HeaderIdentity:
    return HeaderIdentity(settings.auth.header)
