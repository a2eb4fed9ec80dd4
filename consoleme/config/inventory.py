"""Settings of the AWS inventory: refresh schedule, snapshots, the search index.

Kept apart from :mod:`consoleme.config.models` (which embeds this section) so each module stays
small. Every section forbids unknown keys and every field is described (``docs/configuration.md``
is generated from the descriptions).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class InventorySettings(BaseModel):
    """Inventory caching by the workers, and the search index of each web process."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    refresh_seconds: int = Field(
        1800, ge=10, description="How often beat refreshes accounts and every (account, type)."
    )
    organization_seconds: int = Field(
        1800, ge=10, description="How often beat refreshes SCPs and the organization tree."
    )
    access_denied_seconds: int = Field(
        3600, ge=10, description="How often beat counts recent AccessDenied errors per account."
    )
    access_denied_lookback_hours: int = Field(
        24, ge=1, le=24 * 90, description="How far back access-denied errors are counted."
    )
    refresh_on_worker_start: bool = Field(
        True,
        description="When a worker starts and the inventory is older than refresh_seconds (or "
        "missing), refresh it at once instead of waiting for beat.",
    )
    snapshot_chunk_bytes: int = Field(
        300_000,
        ge=10_000,
        le=390_000,
        description="Largest JSON size of one inventory snapshot record in the store "
        "(DynamoDB items hold at most 400 KB).",
    )
    search_poll_seconds: float = Field(
        1.0, gt=0, le=60, description="How often a web process checks Redis for inventory changes."
    )
    search_threads: int = Field(
        4, ge=1, le=32, description="Threads running search queries in each web process."
    )
    search_warmup_seconds: float = Field(
        15.0,
        ge=0,
        le=600,
        description="How long a search waits for the first index build before answering 503.",
    )
    refresh_job_ttl_seconds: int = Field(
        86400, ge=60, description="How long on-demand refresh progress stays readable."
    )
