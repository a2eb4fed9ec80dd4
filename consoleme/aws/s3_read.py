"""Read the S3 buckets of one account: region, bucket policy and tags."""

from __future__ import annotations

import asyncio

from consoleme.aws.documents import now, optional_policy, tag_dict
from consoleme.aws.hub import AwsHub
from consoleme.domain.inventory import Bucket
from consoleme.errors import AwsError

# get_bucket_location answers None for us-east-1 and "EU" for the oldest eu-west-1 buckets.
_LEGACY_LOCATIONS = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}


def bucket_region(location_constraint: str | None) -> str:
    """The region named by a ``LocationConstraint``."""
    return _LEGACY_LOCATIONS.get(location_constraint) or str(location_constraint)


async def read_bucket(hub: AwsHub, account_id: str, name: str) -> Bucket:
    """One bucket: its region, policy (None without one) and tags ({} without any)."""
    s3 = await hub.client("s3", account_id)
    location = await s3.call("get_bucket_location", Bucket=name)
    region = bucket_region(location.get("LocationConstraint"))
    regional = await hub.client("s3", account_id, region)

    async def policy() -> str | None:
        try:
            return str((await regional.call("get_bucket_policy", Bucket=name))["Policy"])
        except AwsError as exc:
            if exc.aws_code == "NoSuchBucketPolicy":
                return None
            raise

    async def tags() -> dict[str, str]:
        try:
            answer = await regional.call("get_bucket_tagging", Bucket=name)
        except AwsError as exc:
            if exc.aws_code == "NoSuchTagSet":
                return {}
            raise
        return tag_dict(answer.get("TagSet"))

    document, tag_map = await asyncio.gather(policy(), tags())
    return Bucket(
        arn=f"arn:aws:s3:::{name}",
        type="s3_bucket",
        account_id=account_id,
        name=name,
        region=region,
        tags=tag_map,
        fetched_at=now(),
        policy=optional_policy(document),
    )


async def read_buckets(hub: AwsHub, account_id: str) -> list[Bucket]:
    """Every bucket the account owns (see :func:`read_bucket`), skipping ones just deleted."""
    s3 = await hub.client("s3", account_id)
    listed = (await s3.call("list_buckets")).get("Buckets", [])

    async def one(name: str) -> Bucket | None:
        try:
            return await read_bucket(hub, account_id, name)
        except AwsError as exc:
            if exc.aws_code == "NoSuchBucket":
                return None
            raise

    found = await asyncio.gather(*(one(b["Name"]) for b in listed))
    return [bucket for bucket in found if bucket is not None]
