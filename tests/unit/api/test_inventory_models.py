"""The API's resource models mirror the inventory documents field for field."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from consoleme.api import inventory_models as api
from consoleme.domain import inventory as domain

pytestmark = pytest.mark.unit

PAIRS = [
    (domain.Account, api.AccountModel),
    (domain.ReadFailure, api.ReadFailureModel),
    (domain.Role, api.RoleModel),
    (domain.User, api.UserModel),
    (domain.ManagedPolicy, api.ManagedPolicyModel),
    (domain.Bucket, api.BucketModel),
    (domain.Queue, api.QueueModel),
    (domain.Topic, api.TopicModel),
    (domain.AttachedPolicy, api.AttachedPolicyModel),
    (domain.LastUsed, api.LastUsedModel),
]


@pytest.mark.parametrize(("document", "model"), PAIRS, ids=[m.__name__ for _, m in PAIRS])
def test_model_fields_equal_document_fields(document: type, model: type[BaseModel]) -> None:
    assert set(model.model_fields) == set(typing.get_type_hints(document))


def test_service_control_policy_fields() -> None:
    fields = set(typing.get_type_hints(domain.ServiceControlPolicy))
    assert set(api.ServiceControlPolicyModel.model_fields) == fields


def test_resource_type_names_match() -> None:
    assert set(typing.get_args(api.ResourceTypeName)) == set(domain.RESOURCE_TYPES)
