"""``POST /api/v2/policies/check``: is a policy document valid, and what is risky in it."""

from __future__ import annotations

from consoleme.api.base import ApiHandler
from consoleme.api.openapi_meta import Operation
from consoleme.api.policy_models import PolicyCheckRequest, PolicyCheckResult


class PolicyCheckHandler(ApiHandler):
    auth = "user"
    openapi = {
        "post": Operation(
            "Validate a policy document and list findings (parliament, ConsoleMe's rules, "
            "plugins); an invalid document is answered with valid=false.",
            PolicyCheckResult,
            PolicyCheckRequest,
            tags=("policies",),
        )
    }

    async def post(self) -> None:
        body = self.parse_body(PolicyCheckRequest)
        review = await self.services.policy_checker.review(
            body.policy_document, kind=body.kind, target_arn=body.target_arn
        )
        self.respond(
            PolicyCheckResult(
                findings=review.findings,
                valid=review.valid,
                error=review.error,
                error_path=review.error_path,
            )
        )


routes = [(r"/api/v2/policies/check", PolicyCheckHandler)]
