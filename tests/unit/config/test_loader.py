"""Settings loading: YAML plus environment, one clear line per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from consoleme.config import load_settings
from consoleme.errors import ConfigError

pytestmark = pytest.mark.unit


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    settings = load_settings(None, environ={})
    assert settings.server.port == 8081
    assert settings.store.backend == "sqlite"
    assert settings.auth.dev_mode is False


def test_file_values_and_environment_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: 9000\nauth:\n  admin_groups: [ops]\n")
    settings = load_settings(
        path, environ={"CONSOLEME__SERVER__PORT": "9100", "CONSOLEME__AUTH__DEV_MODE": "true"}
    )
    assert settings.server.port == 9100
    assert settings.auth.dev_mode is True
    assert settings.auth.admin_groups == ["ops"]


def test_mistyped_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  prot: 9000\n")
    with pytest.raises(ConfigError) as failure:
        load_settings(path, environ={})
    assert (
        failure.value.message
        == f"{path}: server.prot: unknown key (check the spelling; see docs/configuration.md)"
    )


def test_wrong_type_names_expectation(tmp_path: Path) -> None:
    path = write(tmp_path, "store:\n  backend: postgres\n")
    with pytest.raises(ConfigError) as failure:
        load_settings(path, environ={})
    message = failure.value.message
    assert message.startswith(f"{path}: store.backend: ")
    assert "'sqlite' or 'dynamodb'" in message


def test_environment_mistake_names_the_variable() -> None:
    with pytest.raises(ConfigError) as failure:
        load_settings(None, environ={"CONSOLEME__SERVER__PORT": "eighty"})
    assert failure.value.message.startswith("environment CONSOLEME__SERVER__PORT: server.port:")


def test_secret_values_are_not_echoed(tmp_path: Path) -> None:
    path = write(tmp_path, "auth:\n  session:\n    signing_keys: [short-secret-value]\n")
    with pytest.raises(ConfigError) as failure:
        load_settings(path, environ={})
    assert "short-secret-value" not in failure.value.message
    assert "at least 32 characters" in failure.value.message


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not valid YAML"):
        load_settings(write(tmp_path, "server: [\n"), environ={})
    with pytest.raises(ConfigError, match="cannot read file"):
        load_settings(tmp_path / "absent.yaml", environ={})


def test_example_configs_are_valid() -> None:
    examples = sorted(Path(__file__).resolve().parents[3].joinpath("example_config").glob("*.yaml"))
    assert {p.name for p in examples} >= {
        "development.yaml",
        "header_auth.yaml",
        "oidc.yaml",
        "production_dynamodb.yaml",
    }
    for path in examples:
        load_settings(path, environ={})


def test_environment_text_that_looks_like_yaml_stays_text() -> None:
    settings = load_settings(
        None,
        environ={
            "CONSOLEME__CACHE__KEY_PREFIX": "team-a:",
            "CONSOLEME__SITE_NAME": "on: yes",
            "CONSOLEME__AUTH__ADMIN_GROUPS": "[admins, ops]",
            "CONSOLEME__SERVER__PORT": "9000",
        },
    )
    assert settings.cache.key_prefix == "team-a:"
    assert settings.site_name == "on: yes"
    assert settings.auth.admin_groups == ["admins", "ops"]
    assert settings.server.port == 9000
