"""The ``aws`` settings section: account ids are checked, regions default to the region."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consoleme.config.models import AwsSettings, Settings

pytestmark = pytest.mark.unit


def test_defaults() -> None:
    aws = Settings().aws
    assert (aws.region, aws.endpoint_url, aws.spoke_role_name) == (
        "us-east-1",
        None,
        "consoleme-spoke",
    )
    assert aws.read_regions == ["us-east-1"]
    assert AwsSettings(region="eu-west-1", regions=["eu-west-1", "us-east-1"]).read_regions == [
        "eu-west-1",
        "us-east-1",
    ]


@pytest.mark.parametrize("account_id", ["12345678901", "1234567890123", "12345678901a"])
def test_account_ids_are_twelve_digits(account_id: str) -> None:
    with pytest.raises(ValidationError, match="12 digits"):
        AwsSettings.model_validate({"accounts": [{"id": account_id, "name": "x"}]})
    with pytest.raises(ValidationError, match="12 digits"):
        AwsSettings(hub_account_id=account_id)


def test_the_external_id_stays_secret() -> None:
    aws = AwsSettings.model_validate({"spoke_external_id": "s3cr3t-external"})
    assert "s3cr3t-external" not in repr(aws)
    assert aws.spoke_external_id is not None
    assert aws.spoke_external_id.get_secret_value() == "s3cr3t-external"


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        AwsSettings.model_validate({"spoke_role": "typo"})
