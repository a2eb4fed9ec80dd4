"""OpenAPI 3.1 document generated from the handlers' declared operations and pydantic models."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from consoleme import __version__
from consoleme.api.base import ApiHandler
from consoleme.api.models import ErrorBody
from consoleme.api.openapi_meta import Operation

_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")

_ERRORS = {
    "400": "Malformed JSON or invalid fields.",
    "401": "Not signed in.",
    "403": "Not allowed, or XSRF token missing.",
}


def openapi_path(pattern: str) -> str:
    """``/api/v2/x/(?P<id>[^/]+)`` -> ``/api/v2/x/{id}``."""
    return _GROUP.sub(lambda m: "{" + m.group("name") + "}", pattern).rstrip("$")


def build_spec(routes: list[tuple[str, Any]]) -> dict[str, Any]:
    """The document for every ApiHandler route that declares operations."""
    # Request bodies (and the error body, whose ``details`` may be absent) are described as
    # input, where defaulted fields are optional; responses as the server writes them.
    inputs: set[type[BaseModel]] = {ErrorBody}
    outputs: set[type[BaseModel]] = set()
    declared: list[tuple[str, str, Operation, ApiHandler]] = []
    for pattern, handler in routes:
        if not (isinstance(handler, type) and issubclass(handler, ApiHandler)):
            continue
        for method, op in handler.openapi.items():
            declared.append((openapi_path(pattern), method, op, handler))  # type: ignore[arg-type]
            if op.request is not None:
                inputs.add(op.request)
            if op.response is not None:
                outputs.add(op.response)
    modes: list[tuple[type[BaseModel], JsonSchemaMode]] = [(m, "validation") for m in inputs]
    modes += [(m, "serialization") for m in outputs - inputs]
    _, schema = models_json_schema(
        sorted(modes, key=lambda pair: pair[0].__name__),
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, Any] = {}
    for path, method, op, handler in sorted(declared, key=lambda d: (d[0], d[1])):
        paths.setdefault(path, {})[method] = _operation(path, op, handler)
    return {
        "openapi": "3.1.0",
        "info": {"title": "ConsoleMe API", "version": __version__},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "consoleme_session"},
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
        },
    }


def _operation(path: str, op: Operation, handler: Any) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    result: dict[str, Any] = {"summary": op.summary, "tags": list(op.tags)}
    params = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
        for n in re.findall(r"{(\w+)}", path)
    ]
    params += [
        {
            "name": n,
            "in": "query",
            "required": False,
            "description": d,
            "schema": {"type": "string"},
        }
        for n, d in op.query.items()
    ]
    if params:
        result["parameters"] = params
    if op.request is not None:
        body_ref = {"$ref": f"#/components/schemas/{op.request.__name__}"}
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body_ref}},
        }
    ok: dict[str, Any] = {"description": op.response_description}
    if op.response is not None:
        ok["content"] = {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{op.response.__name__}"}}
        }
    responses: dict[str, Any] = {str(op.status): ok}
    for status, text in _ERRORS.items():
        if status == "401" and handler.auth == "public":
            continue
        responses[status] = {"description": text, "content": {"application/json": {"schema": ref}}}
    result["responses"] = responses
    if handler.auth != "public":
        result["security"] = [{"session": []}, {"bearer": []}]
    return result


class OpenApiHandler(ApiHandler):
    auth = "public"
    identify_caller = False

    async def get(self) -> None:
        self.respond(self.settings["openapi_spec"])
