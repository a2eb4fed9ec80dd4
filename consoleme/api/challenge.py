"""CLI sign-in approved in a browser (weep's challenge flow, contract section 2.6).

``/noauth/v1/challenge_generator/<user>`` and ``/noauth/v1/challenge_poller/<token>`` are
called by the CLI without credentials; ``/api/v2/challenge_validator/<token>`` by the UI page
``/challenge_validator/<token>`` with the user's browser session (POST needs the XSRF token).
"""

from __future__ import annotations

from consoleme.api.access_models import (
    ChallengeApproval,
    ChallengeApproved,
    ChallengePromptAnswer,
    ChallengeUrlsAnswer,
    PollAnswerBody,
)
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import AccessHandler


class ChallengeGeneratorHandler(AccessHandler):
    auth = "public"
    openapi = {
        "get": Operation(
            "Start a CLI sign-in for a user: where to approve it and where to poll.",
            ChallengeUrlsAnswer,
            tags=("cli-login",),
        )
    }

    async def get(self, user: str) -> None:
        base = self.services.settings.server.public_url or (
            f"{self.request.protocol}://{self.request.host}"
        )
        urls = await self.access.challenges.generate(user, self.caller().source_ip, base)
        self.respond(
            ChallengeUrlsAnswer(challenge_url=urls.challenge_url, polling_url=urls.polling_url)
        )


class ChallengePollerHandler(AccessHandler):
    auth = "public"
    openapi = {
        "get": Operation(
            "Poll a CLI sign-in; on success the token, once.", PollAnswerBody, tags=("cli-login",)
        )
    }

    async def get(self, token: str) -> None:
        answer = await self.access.challenges.poll(token, self.caller())
        body = PollAnswerBody(
            status=answer.status,
            cookie_name=answer.cookie_name,
            expiration=answer.expiration,
            encoded_jwt=answer.encoded_jwt,
            user=answer.user,
        )
        self.respond(body.model_dump(exclude_none=True))


class ChallengeValidatorHandler(AccessHandler):
    auth = "user"
    openapi = {
        "get": Operation(
            "Open a CLI sign-in challenge in the browser (once); returns the nonce.",
            ChallengePromptAnswer,
            tags=("cli-login",),
        ),
        "post": Operation(
            "Approve the CLI sign-in.", ChallengeApproved, ChallengeApproval, tags=("cli-login",)
        ),
    }

    async def get(self, token: str) -> None:
        prompt = await self.access.challenges.show(token, self.user, self.caller())
        self.respond(
            ChallengePromptAnswer(
                message=prompt.message,
                nonce=prompt.nonce,
                show_approve_button=prompt.show_approve_button,
            )
        )

    async def post(self, token: str) -> None:
        body = self.parse_body(ChallengeApproval)
        await self.access.challenges.approve(token, self.user, self.caller(), body.nonce)
        self.respond(
            ChallengeApproved(
                status="success",
                message="Approved: the command line client is signed in. You may close this page.",
            )
        )


routes = [
    (r"/noauth/v1/challenge_generator/(?P<user>[^/]+)", ChallengeGeneratorHandler),
    (r"/noauth/v1/challenge_poller/(?P<token>[A-Za-z0-9_-]+)", ChallengePollerHandler),
    (r"/api/v2/challenge_validator/(?P<token>[A-Za-z0-9_-]+)", ChallengeValidatorHandler),
]
