"""Which roles a person or application may use, from mappings, role tags and plugin answers.

Pure rules, no I/O. The expensive part depends only on the inventory and the mappings, not on
the caller: :func:`build_group_index` turns them into ``group -> {arn: console?}`` once per
inventory generation; :func:`grants_for` then unions the caller's groups in microseconds.

A grant is *console* (sign in to the AWS console and get credentials) or *CLI-only*
(credentials only). When several sources grant one role, console wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

# arn -> True for console grants, False for CLI-only ones.
Grants = dict[str, bool]
GroupIndex = dict[str, Grants]


@dataclass(frozen=True, slots=True)
class RoleFacts:
    """What eligibility needs to know about one role of the inventory."""

    arn: str
    account_id: str
    role_name: str
    tags: Mapping[str, str] = field(default_factory=dict)
    max_session_duration: int = 3600


@dataclass(frozen=True, slots=True)
class RoleGrantRule:
    """Role ARN patterns granted to one group (or application)."""

    roles: tuple[str, ...] = ()
    cli_only_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TagRule:
    """Which role tags list groups, and how their values are split."""

    console_keys: tuple[str, ...] = ("consoleme-authorized",)
    cli_only_keys: tuple[str, ...] = ("consoleme-authorized-cli-only",)
    separator: str = ":"


def add_grant(grants: Grants, arn: str, console: bool) -> None:
    """Record ``arn`` in ``grants``; a console grant is never downgraded to CLI-only."""
    grants[arn] = grants.get(arn, False) or console


def merge_rules(*sources: Mapping[str, RoleGrantRule]) -> dict[str, RoleGrantRule]:
    """Mappings of several sources (config, dynamic) merged per group."""
    merged: dict[str, RoleGrantRule] = {}
    for source in sources:
        for group, rule in source.items():
            before = merged.get(group, RoleGrantRule())
            merged[group] = RoleGrantRule(
                roles=before.roles + rule.roles,
                cli_only_roles=before.cli_only_roles + rule.cli_only_roles,
            )
    return merged


def tag_groups(tags: Mapping[str, str], keys: Iterable[str], separator: str) -> set[str]:
    """The group names listed in any of the tags ``keys`` (values split on ``separator``)."""
    found: set[str] = set()
    for key in keys:
        value = tags.get(key)
        if value:
            found.update(part.strip() for part in value.split(separator) if part.strip())
    return found


def _is_pattern(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_patterns(patterns: Iterable[str], roles: Iterable[RoleFacts]) -> set[str]:
    """ARNs named by ``patterns``: plain ARNs as given, wildcard ones matched (without case)
    against the inventory's roles."""
    plain = {p for p in patterns if not _is_pattern(p)}
    wild = [p.lower() for p in patterns if _is_pattern(p)]
    found = set(plain)
    if wild:
        for role in roles:
            lowered = role.arn.lower()
            if any(fnmatchcase(lowered, pattern) for pattern in wild):
                found.add(role.arn)
    return found


def build_group_index(
    roles: Iterable[RoleFacts], mappings: Mapping[str, RoleGrantRule], tags: TagRule
) -> GroupIndex:
    """``group -> grants`` from role tags and group mappings (the caller-independent part)."""
    role_list = list(roles)
    index: GroupIndex = {}
    for role in role_list:
        for group in tag_groups(role.tags, tags.cli_only_keys, tags.separator):
            add_grant(index.setdefault(group, {}), role.arn, False)
        for group in tag_groups(role.tags, tags.console_keys, tags.separator):
            add_grant(index.setdefault(group, {}), role.arn, True)
    for group, rule in mappings.items():
        grants = index.setdefault(group, {})
        for arn in expand_patterns(rule.cli_only_roles, role_list):
            add_grant(grants, arn, False)
        for arn in expand_patterns(rule.roles, role_list):
            add_grant(grants, arn, True)
    return {group: grants for group, grants in index.items() if grants}


def grants_for(
    groups: Iterable[str], index: Mapping[str, Grants], extra: Iterable[str] = ()
) -> Grants:
    """The caller's grants: the union over their groups, plus ``extra`` ARNs (console grants,
    e.g. from the ``eligible_roles`` hook)."""
    result: Grants = {}
    for group in groups:
        for arn, console in index.get(group, {}).items():
            add_grant(result, arn, console)
    for arn in extra:
        add_grant(result, arn, True)
    return result


@dataclass(frozen=True, slots=True)
class EligibleRole:
    """One role a caller may use, as role lists and credential requests need it."""

    arn: str
    account_id: str
    account_name: str | None  # None when the account is not known
    role_name: str
    console: bool  # False: CLI-only (credentials, no console sign-in)
    max_session_duration: int = 3600


def app_group(prefix: str, app_name: str) -> str:
    """The pseudo-group under which an application's mappings sit in the group index.

    The NUL byte keeps it apart from every real group name a directory could send.
    """
    return f"\x00{prefix}{app_name}"
