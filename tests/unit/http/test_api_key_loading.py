"""Where keys come from, and the refusal to run outside development without real keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateways.entrypoints.http.auth.keys import DEVELOPMENT_KEYS, Role, hash_key
from gateways.entrypoints.http.auth.loading import load_key_ring
from gateways.entrypoints.http.settings import HttpSettings
from gateways.settings import ConfigurationError


def admin_key_json(key: str) -> str:
    return json.dumps({"admin": [hash_key(key)]})


def test_production_without_keys_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="no API keys configured"):
        load_key_ring(HttpSettings(), "production")


def test_production_with_a_development_key_refuses_to_start() -> None:
    keys = f'{{"admin": ["{hash_key(DEVELOPMENT_KEYS[Role.ADMIN])}"]}}'
    with pytest.raises(ConfigurationError, match="development API key"):
        load_key_ring(HttpSettings(api_keys=keys), "production")


def test_development_without_keys_accepts_the_documented_development_keys() -> None:
    ring = load_key_ring(HttpSettings(), "development")
    assert ring.role_for("dev-portal-key") is Role.PORTAL


def test_configured_keys_replace_the_development_keys_in_development() -> None:
    ring = load_key_ring(HttpSettings(api_keys=admin_key_json("k")), "development")
    assert ring.role_for("dev-admin-key") is None


def test_keys_from_the_environment_and_the_file_are_both_accepted(tmp_path: Path) -> None:
    key_file = tmp_path / "keys"
    key_file.write_text(f"hris {hash_key('h')}\n")
    settings = HttpSettings(api_keys=admin_key_json("a"), api_keys_file=key_file)
    ring = load_key_ring(settings, "production")
    assert (ring.role_for("a"), ring.role_for("h")) == (Role.ADMIN, Role.HRIS)


def test_an_unreadable_key_file_is_named_in_one_line(tmp_path: Path) -> None:
    settings = HttpSettings(api_keys_file=tmp_path / "missing")
    with pytest.raises(ConfigurationError, match="MENTORING_API_KEYS_FILE"):
        load_key_ring(settings, "production")
