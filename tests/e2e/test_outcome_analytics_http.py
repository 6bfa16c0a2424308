"""`/analytics/performance` and `/analytics/adjusted-hazard` on the rated organisation
(tests/integration/projections/performance_org.py), stored in SQLite, projected, published."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api
from tests.e2e.test_analytics_http import YEAR, api_over, get
from tests.integration.projections.performance_org import build_rated_organisation


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The API over the projected organisation."""
    yield from api_over(tmp_path_factory.mktemp("rated"), build_rated_organisation)


def test_performance_gives_each_sides_mean_change_and_the_welch_difference(api: Api) -> None:
    report = get(api, f"/analytics/performance?{YEAR}")

    (row,) = report["rows"]
    assert (row["participants"]["people"], row["others"]["people"]) == (6, 6)
    assert row["participants"]["mean_change"] == pytest.approx(1 / 4)
    assert row["others"]["mean_change"] == pytest.approx(1 / 18)
    assert row["difference"] == pytest.approx(7 / 36)
    assert row["difference_interval"]["low"] < row["difference_interval"]["high"]
    assert report["freshness"]["notification_id"] > 0
    assert "normalised to 0-1" in report["method"]


def test_performance_takes_the_grouping_options_of_retention(api: Api) -> None:
    rows = get(api, f"/analytics/performance?{YEAR}&group_by=department&role=either")["rows"]
    assert [r["group"] for r in rows] == ["Eng", "Sales"]
    assert rows[0]["participants"] == {
        "people": None, "mean_change": None, "interval": None, "suppressed": True,
        "note": "suppressed: fewer than 5 people",
    }


def test_adjusted_hazard_shows_the_comparisons_and_withholds_an_estimate_on_few_exits(
    api: Api,
) -> None:
    report = get(api, f"/analytics/adjusted-hazard?{YEAR}")

    assert (report["suppressed"], report["hazard_ratio"], report["interval"]) == (True, None, None)
    assert report["landmark"]["participants"]["headcount"] == 7
    assert report["naive"] is not None
    assert report["covariates"] == ["department", "level", "tenure", "location"]


@pytest.mark.parametrize("path", ["/analytics/performance", "/analytics/adjusted-hazard"])
def test_a_window_ending_before_it_starts_is_an_invalid_query(api: Api, path: str) -> None:
    response = api.call("GET", f"{path}?start=2024-12-31&end=2024-01-01", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-query")


@pytest.mark.parametrize("path", ["/analytics/performance", "/analytics/adjusted-hazard"])
def test_only_analysts_and_admins_may_ask(api: Api, path: str) -> None:
    assert api.call("GET", f"{path}?{YEAR}", Role.ADMIN).status_code == 200
    assert api.call("GET", f"{path}?{YEAR}", Role.AUDITOR).status_code == 403
