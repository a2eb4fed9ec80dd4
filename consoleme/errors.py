"""One exception tree for the whole service.

Every error the service raises on purpose derives from :class:`ConsoleMeError`. Each class carries
the HTTP status and the stable ``code`` string that ``consoleme.api.errors`` turns into the JSON
error body ``{"status", "code", "message", "request_id"}``. Anything else that escapes a handler
is a bug and becomes a 500 without details.

    ConsoleMeError
    ├── ConfigError            settings could not be loaded (startup only, never over HTTP)
    ├── BadRequest        400  malformed JSON or a body that fails validation
    ├── Unauthenticated   401  no identity on a request that needs one
    ├── Forbidden         403  identity known, action not allowed (also XSRF failures)
    ├── NotFound          404
    ├── Conflict          409  optimistic-concurrency clash or duplicate create
    ├── RateLimited       429
    ├── AwsError          502  an AWS call failed (account and operation in the message)
    │   └── Throttled     503  AWS asked us to slow down or retry later (throttling, concurrent
    │                          modification, timeouts); workers retry these with backoff, every
    │                          other AwsError is permanent (see consoleme.aws.retryable)
    └── Unavailable       503  a dependency (store, cache, AWS) did not answer
"""

from __future__ import annotations

from typing import Any


class ConsoleMeError(Exception):
    """Base of every error the service raises on purpose."""

    status: int = 500
    code: str = "internal_error"

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details or {}


class ConfigError(ConsoleMeError):
    """Settings could not be loaded; the message is one line naming file, key and expectation."""

    code = "config_error"


class BadRequest(ConsoleMeError):
    status = 400
    code = "bad_request"


class Unauthenticated(ConsoleMeError):
    status = 401
    code = "unauthenticated"


class Forbidden(ConsoleMeError):
    status = 403
    code = "forbidden"


class NotFound(ConsoleMeError):
    status = 404
    code = "not_found"


class Conflict(ConsoleMeError):
    status = 409
    code = "conflict"


class RateLimited(ConsoleMeError):
    status = 429
    code = "rate_limited"


class Unavailable(ConsoleMeError):
    status = 503
    code = "unavailable"


class AwsError(ConsoleMeError):
    """An AWS call failed. ``details`` holds ``account_id``, ``operation`` and ``aws_code``."""

    status = 502
    code = "aws_error"

    @property
    def aws_code(self) -> str:
        """AWS's error code (``AccessDenied``, ``NoSuchEntity``...) or the botocore error name."""
        return str(self.details.get("aws_code", ""))


class Throttled(AwsError):
    """An AWS call may succeed if retried later: throttling, concurrent modification, timeouts.

    Raised by the writers of :mod:`consoleme.aws` (see :mod:`consoleme.aws.retryable`); the apply
    task retries on it with backoff instead of recording a failure.
    """

    status = 503
    code = "aws_throttled"
