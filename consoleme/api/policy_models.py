"""Request and response bodies of the policy check endpoint (the UI's types come from these)."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import Field, field_validator

from consoleme.api.models import Answer, Strict
from consoleme.domain.policy_rules import Finding

MAX_DOCUMENT_BYTES = 128 * 1024


class PolicyCheckRequest(Strict):
    """``POST /api/v2/policies/check``."""

    policy_document: dict[str, Any] = Field(
        description="The policy JSON to check (at most 128 KB). An invalid policy is answered "
        "with valid=false and the reason, not with an error."
    )
    kind: Literal["identity", "resource", "trust"] = Field(
        description="identity: inline, managed or boundary policy; resource: S3/SQS/SNS "
        "policy; trust: a role's assume-role policy."
    )
    target_arn: str | None = Field(
        None,
        max_length=2048,
        pattern=r"^arn:aws[a-z-]*:",
        description="What the policy is for; its account is used by the cross-account trust rule.",
    )

    @field_validator("policy_document")
    @classmethod
    def _not_too_large(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(orjson.dumps(value)) > MAX_DOCUMENT_BYTES:
            raise ValueError("the policy document is larger than 128 KB")
        return value


class PolicyCheckResult(Answer):
    findings: list[Finding] = Field(description="Most severe first, then by statement.")
    valid: bool = Field(description="Whether the document is a valid IAM policy of that kind.")
    error: str | None = Field(description="Why it is not valid (null when valid).")
    error_path: str | None = Field(
        description="Where the error is, e.g. Statement[1].Action (null when valid)."
    )
