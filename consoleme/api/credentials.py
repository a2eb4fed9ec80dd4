"""``POST /api/v1/get_credentials``: temporary credentials for one of the caller's roles."""

from __future__ import annotations

from consoleme.api.access_models import CredentialsAnswer, WeepCredentials
from consoleme.api.openapi_meta import Operation
from consoleme.api.weep_base import WeepHandler
from consoleme.core.credentials import IssuedCredentials
from consoleme.domain.credential_request import CredentialRequest


class GetCredentialsHandler(WeepHandler):
    auth = "user"
    openapi = {
        "post": Operation(
            "Credentials for a role (weep-compatible; errors carry codes 899-906).",
            CredentialsAnswer,
            CredentialRequest,
            tags=("access",),
        )
    }

    async def post(self) -> None:
        caller = self.caller()
        request = await self.access.credentials.parse(self.request.body, caller)
        self.requested_role = request.requested_role or request.user_role
        issued = await self.access.credentials.issue(self.user, caller, request)
        self.respond(credentials_answer(issued))


def credentials_answer(issued: IssuedCredentials) -> CredentialsAnswer:
    """Weep's shape: integer-epoch ``Expiration`` and the resolved ``RoleArn``."""
    session = issued.session
    return CredentialsAnswer(
        Credentials=WeepCredentials(
            AccessKeyId=session.access_key_id,
            SecretAccessKey=session.secret_access_key,
            SessionToken=session.session_token,
            Expiration=session.expiration_epoch,
            RoleArn=issued.role.arn,
        )
    )


routes = [(r"/api/v1/get_credentials", GetCredentialsHandler)]
