"""A store per test, for CLI tests whose commands record in it (trusted reads, private reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.cli.conftest import scenario_store


@pytest.fixture(name="store")
def store_per_test(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario organisation's 96 events, a store of this test's own."""
    return scenario_store(tmp_path_factory.mktemp("store"))
