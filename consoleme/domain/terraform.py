"""Every change as a Terraform snippet, for teams that manage IAM in code.

Policies are written with ``jsonencode({...})`` of the document as an HCL object, with strings
escaped for HCL (``${aws:username}`` becomes ``$${aws:username}``, so Terraform does not
interpolate it). Resource names come from the target's names: lower case, ``[a-z0-9_]``.
Resources that hold a whole document (``aws_iam_role_policy``, ``aws_s3_bucket_policy``...)
need the document after the change; without it the snippet shows only the statements the
change adds, with a comment saying to merge them. Snippets that set one argument of an existing
resource (trust policy, boundary, tags) say so in a comment: they are partial.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from consoleme.domain.arn import parse_arn
from consoleme.domain.change_types import (
    AssumeRolePolicyChange,
    ChangeSpec,
    CloneRoleChange,
    CreateRoleChange,
    InlinePolicyChange,
    ManagedPolicyChange,
    ManagedPolicyDocumentChange,
    PermissionsBoundaryChange,
    ResourcePolicyChange,
    TagChange,
)
from consoleme.domain.policy_document import statement_sids

_INDENT = "  "
_INLINE_LIST_WIDTH = 60
_INVENTORY_ROLE_KEYS = frozenset({"assume_role_policy", "inline_policies", "managed_policies"})


# --- HCL values -----------------------------------------------------------------------------


def hcl_string(text: str) -> str:
    """``text`` as a quoted HCL string: escapes, and ``${``/``%{`` doubled so they stay literal."""
    out: list[str] = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out).replace("${", "$${").replace("%{", "%%{") + '"'


def hcl_value(value: Any, level: int = 0) -> str:
    """A JSON-like value as an HCL expression; nested lines are indented from ``level``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, dict):
        return _hcl_object(value, level)
    if isinstance(value, list | tuple):
        return _hcl_list(list(value), level)
    return hcl_string(str(value))


def _hcl_object(value: dict[str, Any], level: int) -> str:
    if not value:
        return "{}"
    pairs = [(hcl_string(str(k)), hcl_value(v, level + 1)) for k, v in value.items()]
    return "{\n" + "\n".join(_aligned(pairs, level + 1)) + "\n" + _INDENT * level + "}"


def _aligned(pairs: list[tuple[str, str]], level: int) -> list[str]:
    """``key = value`` lines aligned the way ``terraform fmt`` does: runs of single-line values
    share one column; a multi-line value ends the run and is not padded."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(k) for k, _ in run), default=0)
        lines.extend(f"{_INDENT * level}{k.ljust(width)} = {v}" for k, v in run)
        run.clear()

    for key, value in pairs:
        if "\n" in value:
            flush()
            lines.append(f"{_INDENT * level}{key} = {value}")
        else:
            run.append((key, value))
    flush()
    return lines


def _hcl_list(items: list[Any], level: int) -> str:
    if not items:
        return "[]"
    if all(not isinstance(i, dict | list | tuple) for i in items):
        flat = "[" + ", ".join(hcl_value(i) for i in items) + "]"
        if len(flat) <= _INLINE_LIST_WIDTH:
            return flat
    inner = _INDENT * (level + 1)
    lines = [f"{inner}{hcl_value(item, level + 1)}," for item in items]
    return "[\n" + "\n".join(lines) + "\n" + _INDENT * level + "]"


def resource_name(*parts: str) -> str:
    """A Terraform resource name from target names: lower case, ``[a-z0-9_]``, not a digit first."""
    name = re.sub(r"[^a-z0-9_]+", "_", "_".join(parts).lower())
    name = re.sub(r"_+", "_", name).strip("_")[:64].rstrip("_") or "consoleme"
    return f"r_{name}" if name[0].isdigit() else name


# --- blocks ---------------------------------------------------------------------------------


def _comment(*lines: str) -> str:
    return "\n".join("# " + re.sub(r"[\x00-\x1f\x7f]", " ", line) for line in lines)


def _resource(kind: str, name: str, attrs: list[tuple[str, str]], *, note: str = "") -> str:
    """``resource "kind" "name" {...}``; attrs are (argument, rendered expression) pairs."""
    body = _aligned(attrs, 1)
    if note:
        body.append(f"{_INDENT}{_comment(note)}")
    return f"resource {hcl_string(kind)} {hcl_string(name)} {{\n" + "\n".join(body) + "\n}"


def _removed(address: str) -> str:
    return (
        _comment("Delete that resource from your configuration; to only stop managing it")
        + "\n"
        + _comment("(ConsoleMe already made the change in AWS), use this with Terraform 1.7+:")
        + f"\nremoved {{\n{_INDENT}from = {address}\n{_INDENT}lifecycle {{\n"
        + f"{_INDENT * 2}destroy = false\n{_INDENT}}}\n}}\n"
        + _comment(f"or, with older versions: terraform state rm {address}")
    )


def _jsonencode(document: dict[str, Any]) -> str:
    return f"jsonencode({hcl_value(document, 1)})"


def _principal(arn_text: str) -> tuple[str, str, str]:
    """(kind "role"/"user", name, account) of an IAM principal ARN."""
    arn = parse_arn(arn_text)
    if arn is None:
        return "role", arn_text, ""
    return arn.resource.split("/", 1)[0], arn.resource_name, arn.account_id


def _document_attr(
    spec_document: dict[str, Any], resulting: dict[str, Any] | None, removing: bool
) -> tuple[str | None, str]:
    """(jsonencode expression or None, comment) for a whole-document argument."""
    if resulting is not None:
        if not resulting.get("Statement"):
            return None, "no statements are left: the policy is deleted."
        return _jsonencode(resulting), "the document after this change."
    if removing:
        sids = ", ".join(statement_sids(spec_document)) or "(none)"
        return None, f"remove the statements with Sid {sids} (none left: delete the resource)."
    return (
        _jsonencode(spec_document),
        "only the statements this change adds: merge them into the existing document.",
    )


# --- one function per change type -------------------------------------------------------------


def _inline(spec: InlinePolicyChange, resulting: dict[str, Any] | None) -> str:
    kind, principal, account = _principal(spec.principal_arn)
    tf_type = "aws_iam_user_policy" if kind == "user" else "aws_iam_role_policy"
    name = resource_name(principal, spec.policy_name)
    header = _comment(
        f"Inline policy {spec.policy_name!r} of {kind} {principal!r} in account {account}."
    )
    expression, note = _document_attr(spec.policy_document, resulting, spec.action == "remove")
    if expression is None and resulting is not None:
        return (
            f"{header}\n{_comment('After this change ' + note)}\n{_removed(f'{tf_type}.{name}')}\n"
        )
    if expression is None:
        return f"{header}\n{_comment(f'In resource {tf_type}.{name}: {note}')}\n"
    attrs = [
        ("name", hcl_string(spec.policy_name)),
        (kind, hcl_string(principal)),
        ("policy", expression),
    ]
    return f"{header}\n{_comment('Policy: ' + note)}\n{_resource(tf_type, name, attrs)}\n"


def _managed_attachment(spec: ManagedPolicyChange) -> str:
    kind, principal, account = _principal(spec.principal_arn)
    tf_type = f"aws_iam_{kind}_policy_attachment"
    policy_name = spec.policy_arn.rsplit("/", 1)[-1]
    name = resource_name(principal, policy_name)
    header = _comment(f"Managed policy {spec.policy_arn} on {kind} {principal!r} ({account}).")
    if spec.action == "detach":
        return f"{header}\n{_comment('Detached: ' + tf_type + '.' + name)}\n" + (
            _removed(f"{tf_type}.{name}") + "\n"
        )
    attrs = [(kind, hcl_string(principal)), ("policy_arn", hcl_string(spec.policy_arn))]
    return f"{header}\n{_resource(tf_type, name, attrs)}\n"


def _managed_document(spec: ManagedPolicyDocumentChange, resulting: dict[str, Any] | None) -> str:
    arn = parse_arn(spec.policy_arn)
    resource = arn.resource if arn else spec.policy_arn
    policy_name = resource.rsplit("/", 1)[-1]
    path = (
        "/" + resource.split("/", 1)[1].rsplit("/", 1)[0] + "/" if resource.count("/") > 1 else "/"
    )
    header = _comment(f"Managed policy {spec.policy_arn} (a new default version).")
    expression, note = _document_attr(spec.policy_document, resulting, spec.action == "remove")
    if expression is None:
        return (
            f"{header}\n{_comment('aws_iam_policy.' + resource_name(policy_name) + ': ' + note)}\n"
        )
    attrs = [("name", hcl_string(policy_name))]
    if path != "/":
        attrs.append(("path", hcl_string(path)))
    attrs.append(("policy", expression))
    block = _resource("aws_iam_policy", resource_name(policy_name), attrs)
    return f"{header}\n{_comment('Policy: ' + note)}\n{block}\n"


def _resource_policy(spec: ResourcePolicyChange, resulting: dict[str, Any] | None) -> str:
    arn = parse_arn(spec.resource_arn)
    region, account = (arn.region, arn.account_id) if arn else ("", "")
    target = arn.resource if arn else spec.resource_arn
    if spec.resource_type == "s3":
        tf_type, attrs = "aws_s3_bucket_policy", [("bucket", hcl_string(target))]
    elif spec.resource_type == "sqs":
        suffix = ".cn" if arn is not None and arn.partition == "aws-cn" else ""
        url = f"https://sqs.{region}.amazonaws.com{suffix}/{account}/{target}"
        tf_type, attrs = "aws_sqs_queue_policy", [("queue_url", hcl_string(url))]
    else:
        tf_type, attrs = "aws_sns_topic_policy", [("arn", hcl_string(spec.resource_arn))]
    name = resource_name(target)
    header = _comment(f"Resource policy of {spec.resource_arn}.")
    expression, note = _document_attr(spec.policy_document, resulting, spec.action == "remove")
    if expression is None and resulting is not None:
        return (
            f"{header}\n{_comment('After this change ' + note)}\n{_removed(f'{tf_type}.{name}')}\n"
        )
    if expression is None:
        return f"{header}\n{_comment(f'In resource {tf_type}.{name}: {note}')}\n"
    block = _resource(tf_type, name, [*attrs, ("policy", expression)])
    return f"{header}\n{_comment('Policy: ' + note)}\n{block}\n"


def _trust(spec: AssumeRolePolicyChange, resulting: dict[str, Any] | None) -> str:
    _, role, account = _principal(spec.principal_arn)
    header = _comment(
        f"Trust policy of role {role!r} in account {account}.",
        "Partial: only assume_role_policy changes; keep the role's other arguments.",
    )
    expression, note = _document_attr(spec.policy_document, resulting, spec.action == "remove")
    if expression is None:
        return f"{header}\n{_comment('assume_role_policy: ' + note)}\n"
    attrs = [("name", hcl_string(role)), ("assume_role_policy", expression)]
    block = _resource("aws_iam_role", resource_name(role), attrs)
    return f"{header}\n{_comment('assume_role_policy: ' + note)}\n{block}\n"


def _boundary(spec: PermissionsBoundaryChange) -> str:
    kind, principal, account = _principal(spec.principal_arn)
    header = _comment(f"Permissions boundary of {kind} {principal!r} in account {account}.")
    attrs = [("name", hcl_string(principal))]
    if spec.action == "attach":
        attrs.append(("permissions_boundary", hcl_string(spec.policy_arn)))
        note = "Partial: set permissions_boundary on your existing resource."
        block = _resource(f"aws_iam_{kind}", resource_name(principal), attrs)
    else:
        note = "Partial: delete the permissions_boundary argument from your existing resource."
        block = _resource(
            f"aws_iam_{kind}",
            resource_name(principal),
            attrs,
            note=f"permissions_boundary = {spec.policy_arn}  (delete this argument)",
        )
    return f"{header}\n{_comment(note)}\n{block}\n"


def _tag(spec: TagChange) -> str:
    kind, principal, account = _principal(spec.principal_arn)
    header = _comment(f"Tag {spec.key!r} of {kind} {principal!r} in account {account}.")
    attrs = [("name", hcl_string(principal))]
    if spec.action == "add":
        attrs.append(("tags", hcl_value({spec.key: spec.value}, 1)))
        note = "Partial: merge this tag into the tags of your existing resource."
    else:
        note = f"Partial: delete the tag {spec.key!r} from the tags of your existing resource."
    block = _resource(f"aws_iam_{kind}", resource_name(principal), attrs)
    return f"{header}\n{_comment(note)}\n{block}\n"


def _create_role(spec: CreateRoleChange) -> str:
    attrs = [("name", hcl_string(spec.role_name))]
    if spec.path != "/":
        attrs.append(("path", hcl_string(spec.path)))
    if spec.description:
        attrs.append(("description", hcl_string(spec.description)))
    attrs.append(("assume_role_policy", _jsonencode(spec.assume_role_policy_document)))
    if spec.max_session_duration != 3600:
        attrs.append(("max_session_duration", str(spec.max_session_duration)))
    if spec.tags:
        attrs.append(("tags", hcl_value(spec.tags, 1)))
    header = _comment(f"New role {spec.role_name!r} in account {spec.account_id}.")
    return f"{header}\n{_resource('aws_iam_role', resource_name(spec.role_name), attrs)}\n"


def _clone_role(spec: CloneRoleChange, source: dict[str, Any] | None) -> str:
    role = resource_name(spec.role_name)
    # Only an inventory role description says what is copied (a preview summary does not).
    known = source if source and _INVENTORY_ROLE_KEYS.intersection(source) else {}
    attrs = [("name", hcl_string(spec.role_name))]
    path = known.get("path") or "/"
    if path != "/":
        attrs.append(("path", hcl_string(str(path))))
    description = spec.description if spec.description is not None else known.get("description")
    if description:
        attrs.append(("description", hcl_string(str(description))))
    note = ""
    if spec.copy_assume_role_policy and known.get("assume_role_policy"):
        attrs.append(("assume_role_policy", _jsonencode(known["assume_role_policy"])))
    else:
        note = f"assume_role_policy = (the trust policy of {spec.source_role_arn})"
    if known.get("max_session_duration") not in (None, 3600):
        attrs.append(("max_session_duration", str(int(known["max_session_duration"]))))
    if spec.copy_tags and known.get("tags"):
        attrs.append(("tags", hcl_value(dict(known["tags"]), 1)))
    blocks = [
        _comment(f"New role {spec.role_name!r} in account {spec.account_id},")
        + "\n"
        + _comment(f"a copy of {spec.source_role_arn}.")
        + "\n"
        + _resource("aws_iam_role", role, attrs, note=note)
    ]
    role_ref = f"aws_iam_role.{role}.name"
    if spec.copy_inline_policies:
        for policy_name, document in (known.get("inline_policies") or {}).items():
            inline = [
                ("name", hcl_string(policy_name)),
                ("role", role_ref),
                ("policy", _jsonencode(document)),
            ]
            blocks.append(
                _resource("aws_iam_role_policy", resource_name(role, policy_name), inline)
            )
    if spec.copy_managed_policies:
        for attached in known.get("managed_policies") or []:
            arn = str(attached["arn"])
            attach = [("role", role_ref), ("policy_arn", hcl_string(arn))]
            label = resource_name(role, arn.rsplit("/", 1)[-1])
            blocks.append(_resource("aws_iam_role_policy_attachment", label, attach))
    if not known:
        blocks.append(
            _comment("The source role's policies and tags were not known when this was written.")
        )
    return "\n\n".join(blocks) + "\n"


def terraform_snippet(spec: ChangeSpec, *, resulting_document: dict[str, Any] | None = None) -> str:
    """Terraform (HCL) that makes the same change as ``spec``, to paste into IaC.

    ``resulting_document`` is, for statement changes (inline, managed document, resource and
    trust policies), the whole document after the change (from
    :func:`~consoleme.domain.policy_document.add_statements` / ``remove_statements``; pass a
    document with an empty ``Statement`` list when nothing is left). For ``clone_role`` it is
    the source role as the inventory holds it (:class:`consoleme.domain.inventory.Role`), so the
    copy's trust policy, inline policies, attachments and tags can be written out. Other types
    ignore it.
    """
    handlers: dict[type[Any], Callable[[Any], str]] = {
        InlinePolicyChange: lambda s: _inline(s, resulting_document),
        ManagedPolicyChange: _managed_attachment,
        ManagedPolicyDocumentChange: lambda s: _managed_document(s, resulting_document),
        ResourcePolicyChange: lambda s: _resource_policy(s, resulting_document),
        AssumeRolePolicyChange: lambda s: _trust(s, resulting_document),
        PermissionsBoundaryChange: _boundary,
        TagChange: _tag,
        CreateRoleChange: _create_role,
        CloneRoleChange: lambda s: _clone_role(s, resulting_document),
    }
    return handlers[type(spec)](spec)
