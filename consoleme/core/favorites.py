"""Favorite roles: a user marks eligible roles to list them first.

Stored as records of kind ``favorite`` (key ``<user>|<arn>``, index ``user``) and mirrored in
the cache as one JSON list per user, which the eligibility lookup reads in the same round trip.
"""

from __future__ import annotations

import orjson

from consoleme.core.eligibility import Eligibility
from consoleme.domain.identity import Identity
from consoleme.errors import BadRequest, NotFound
from consoleme.store.protocol import Store
from consoleme.store.role_access_cache import RoleAccessCache

KIND = "favorite"
MAX_FAVORITES = 200
_CACHE_TTL = 86400


class FavoriteRoles:
    """Reads and toggles a user's favorites."""

    def __init__(self, store: Store, cache: RoleAccessCache) -> None:
        self.store = store
        self.cache = cache

    async def load(self, user: str) -> bytes:
        """The user's favorites as a JSON list of ARNs, refreshed into the cache."""
        page = await self.store.query(KIND, index=("user", user), limit=MAX_FAVORITES)
        raw = orjson.dumps(sorted(str(r.data["arn"]) for r in page.records))
        await self.cache.put_favorites(user, raw, _CACHE_TTL)
        return raw

    async def add(self, eligibility: Eligibility, identity: Identity, arn: str) -> bool:
        """Mark ``arn`` (one of the caller's eligible roles); True when it is now a favorite."""
        answer = await eligibility.roles_for(identity)
        if answer.get(arn) is None:
            raise NotFound(f"{arn} is not one of your eligible roles", code="not_eligible")
        if arn not in answer.favorites and len(answer.favorites) >= MAX_FAVORITES:
            raise BadRequest(f"at most {MAX_FAVORITES} favorite roles")
        await self.store.put(
            KIND,
            _key(identity.user, arn),
            {"user": identity.user, "arn": arn},
            sort_key=arn,
            indexes={"user": identity.user},
        )
        await self._changed(eligibility, identity)
        return True

    async def remove(self, eligibility: Eligibility, identity: Identity, arn: str) -> bool:
        """Unmark ``arn``; False when it was not a favorite."""
        removed = await self.store.delete(KIND, _key(identity.user, arn))
        await self._changed(eligibility, identity)
        return removed

    async def _changed(self, eligibility: Eligibility, identity: Identity) -> None:
        await self.cache.drop_favorites(identity.user)
        eligibility.forget(identity)


def _key(user: str, arn: str) -> str:
    return f"{user}|{arn}"
