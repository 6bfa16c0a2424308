"""`mentoring report performance` and `mentoring report adjusted` on the rated organisation
(tests/integration/projections/performance_org.py: in 6 people, mean change 1/4; out 6, 1/18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli.conftest import invoke, scenario_store
from tests.integration.projections.performance_org import build_rated_organisation

YEAR = ("--start", "2024-01-01", "--end", "2024-12-31")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rated organisation's events in a SQLite file (overrides the scenario's store)."""
    return scenario_store(tmp_path_factory.mktemp("rated"), build_rated_organisation)


def test_performance_prints_the_mean_change_in_and_out(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "report", "performance", *YEAR)
    assert code == 0
    assert "Performance change 2024-01-01 – 2024-12-31" in out
    assert "+0.250" in out and "+0.056" in out and "+0.194" in out


def test_performance_as_json_gives_people_means_and_intervals(projected: dict[str, str]) -> None:
    _, out, _ = invoke(projected, "report", "performance", *YEAR, "--json")
    (row,) = json.loads(out)["rows"]
    assert (row["participants"]["people"], row["others"]["people"]) == (6, 6)
    assert row["participants"]["mean_change"] == pytest.approx(0.25)
    interval = row["difference_interval"]
    assert interval["low"] < row["difference"] < interval["high"]


def test_performance_by_department_suppresses_small_cells(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "report", "performance", *YEAR, "--group-by", "department")
    assert (code, "suppressed" in out, "Eng: in" in out) == (0, True, True)


def test_adjusted_gives_no_estimate_for_so_few_exits_but_shows_the_comparisons(
    projected: dict[str, str],
) -> None:
    code, out, _ = invoke(projected, "report", "adjusted", *YEAR)
    assert code == 0
    assert "hazard ratio (Cox, adjusted)" in out and "suppressed" in out
    assert "naive ever − never" in out
    _, out, _ = invoke(projected, "report", "adjusted", *YEAR, "--json")
    report = json.loads(out)
    assert (report["suppressed"], report["hazard_ratio"]) == (True, None)
    assert report["covariates"] == ["department", "level", "tenure", "location"]


def test_a_window_ending_before_it_starts_is_one_line_with_exit_2(
    projected: dict[str, str],
) -> None:
    for report in ("performance", "adjusted"):
        code, _, err = invoke(projected, "report", report, "--start", "2024-12-31",
                              "--end", "2024-01-01")
        assert (code, len(err.splitlines())) == (2, 1)
