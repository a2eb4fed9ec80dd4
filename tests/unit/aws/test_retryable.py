"""Which AWS failures the apply task retries: throttling and "try again" answers only."""

from __future__ import annotations

import pytest

from consoleme.aws.retryable import classify
from consoleme.errors import AwsError, Throttled

pytestmark = pytest.mark.unit


def failure(code: str) -> AwsError:
    details = {"account_id": "111122223333", "operation": "iam:put_role_policy", "aws_code": code}
    return AwsError(f"iam:put_role_policy failed: {code}: ...", details=details)


@pytest.mark.parametrize(
    "code",
    ["Throttling", "ThrottlingException", "SlowDown", "ConcurrentModification", "ReadTimeoutError"],
)
def test_throttling_and_try_again_answers_become_throttled(code: str) -> None:
    error = failure(code)
    raised = classify(error)
    assert isinstance(raised, Throttled)
    assert (raised.message, raised.details, raised.aws_code) == (error.message, error.details, code)
    assert raised.status == 503


@pytest.mark.parametrize(
    "code", ["AccessDenied", "NoSuchEntity", "MalformedPolicyDocument", "LimitExceeded", ""]
)
def test_every_other_failure_is_permanent(code: str) -> None:
    error = failure(code)
    assert classify(error) is error
