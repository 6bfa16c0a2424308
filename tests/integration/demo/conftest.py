"""One demo run on a real SQLite file and a real DuckDB file, shared by the demo's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gateways.demo.run import DemoOptions, DemoOutcome, run_demo
from gateways.settings import Settings

EMPLOYEES = 800


def quiet(description: str, total: int) -> Callable[[int], None]:
    """A progress phase that shows nothing."""
    return lambda n: None


@pytest.fixture(scope="package")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An embedded store and read side in a fresh folder."""
    folder = tmp_path_factory.mktemp("demo")
    return Settings(store=f"sqlite:///{folder}/events.db", duckdb=folder / "analytics.duckdb")


@pytest.fixture(scope="package")
def demo_run(demo_settings: Settings) -> DemoOutcome:
    """The demo at 800 employees, seed 7, with its report."""
    report = demo_settings.duckdb.with_name("report.html")
    return run_demo(demo_settings, DemoOptions(seed=7, employees=EMPLOYEES, report=report), quiet)
