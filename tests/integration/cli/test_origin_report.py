"""`mentoring report origin` on the organisation of pairs formed three ways
(tests/integration/projections/origin_org.py: first choice completes 4 of 5 ended pairs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli.conftest import invoke, scenario_store
from tests.integration.projections.origin_org import build_origin_organisation

WINDOW = ("--start", "2023-01-01", "--end", "2024-12-31")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The organisation's events in a SQLite file (overrides the scenario's store)."""
    return scenario_store(tmp_path_factory.mktemp("origins"), build_origin_organisation)


@pytest.fixture(scope="module")
def projected(store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The CLI's env after `mentoring project`."""
    env = {
        "MENTORING_STORE": f"sqlite:///{store}",
        "MENTORING_DUCKDB": str(tmp_path_factory.mktemp("read") / "analytics.duckdb"),
        "MENTORING_ANALYST_SNAPSHOT": "", "MENTORING_ENVIRONMENT": "test",
    }
    assert invoke(env, "project")[0] == 0
    return env


def test_origin_prints_each_origin_and_the_self_chosen_against_placed_difference(
    projected: dict[str, str],
) -> None:
    code, out, _ = invoke(projected, "report", "origin", *WINDOW)
    assert code == 0
    assert "Outcomes by how the pair was formed" in out
    assert "mentee's first choice" in out and "80.0% of 5" in out
    assert "Self-chosen − placed" in out and "+26.7%" in out


def test_origin_as_json_gives_rows_aggregates_and_differences(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "report", "origin", *WINDOW, "--follow-up-months", "6",
                          "--json")
    report = json.loads(out)
    assert code == 0
    assert [r["origin"] for r in report["rows"]] == [
        "first_choice", "later_choice", "assigned", "matching"]
    assert report["query"]["follow_up_months"] == 6
    assert report["self_chosen"]["mentorships"] == 11


def test_a_follow_up_of_zero_months_is_refused(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "report", "origin", *WINDOW, "--follow-up-months", "0")
    assert code == 2 and "follow-up-months" in err
