"""What ``cme`` handles: credentials for a role, a role in a list, a sign-in session.

Named tuples rather than dataclasses: importing ``dataclasses`` and building the classes costs
about 15 ms on every run of the cached ``credential-process`` path.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Credentials(NamedTuple):
    """Temporary AWS credentials; ``expiration`` and ``fetched_at`` are Unix epoch seconds."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: int
    role_arn: str
    fetched_at: float

    @property
    def lifetime(self) -> float:
        """Seconds between fetching and expiry, as seen when they were fetched."""
        return max(0.0, self.expiration - self.fetched_at)

    @property
    def role_name(self) -> str:
        """The role's name: the last part of the ARN (IMDS lists it)."""
        return self.role_arn.rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()

    @classmethod
    def from_dict(cls, value: Any) -> Credentials | None:
        """Credentials from :meth:`to_dict` output; None when anything is missing or wrong."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                access_key_id=str(value["access_key_id"]),
                secret_access_key=str(value["secret_access_key"]),
                session_token=str(value["session_token"]),
                expiration=int(value["expiration"]),
                role_arn=str(value["role_arn"]),
                fetched_at=float(value["fetched_at"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


class RoleInfo(NamedTuple):
    """One of the caller's roles (``GET /api/v2/get_roles?all=true``)."""

    arn: str
    account_id: str
    account_name: str
    role_name: str

    @property
    def account_label(self) -> str:
        """The account's name, or its number when the server does not know the name."""
        if self.account_name and self.account_name != "Unknown":
            return self.account_name
        return self.account_id


class Session(NamedTuple):
    """A CLI sign-in: the bearer token for ``url``, who it is for, when it expires, and when
    this client obtained it (0 when not known)."""

    url: str
    user: str
    token: str
    expires_at: int
    obtained_at: float = 0.0

    def seconds_left(self, now: float) -> float:
        return self.expires_at - now

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()

    @classmethod
    def from_dict(cls, value: Any) -> Session | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                url=str(value["url"]),
                user=str(value["user"]),
                token=str(value["token"]),
                expires_at=int(value["expires_at"]),
                obtained_at=float(value.get("obtained_at", 0.0)),
            )
        except (KeyError, TypeError, ValueError):
            return None
