"""`/analytics/outcomes-by-origin` on the organisation of pairs formed three ways
(tests/integration/projections/origin_org.py), stored in SQLite, projected, published."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api
from tests.e2e.test_analytics_http import api_over, get
from tests.integration.projections.origin_org import build_origin_organisation

WINDOW = "start=2023-01-01&end=2024-12-31"
PATH = "/analytics/outcomes-by-origin"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The API over the projected organisation."""
    yield from api_over(tmp_path_factory.mktemp("origins"), build_origin_organisation)


def test_each_origin_has_its_completion_scores_retention_and_promotion(api: Api) -> None:
    report = get(api, f"{PATH}?{WINDOW}")

    rows = {r["origin"]: r for r in report["rows"]}
    assert list(rows) == ["first_choice", "later_choice", "assigned", "matching"]
    first = rows["first_choice"]
    assert first["completion"]["suppressed"]  # later choice's is: no subtraction reveals it
    assert (rows["assigned"]["completion"]["headcount"], rows["assigned"]["completion"]["rate"]) \
        == (5, 0.4)
    assert first["pairing_fit"]["mean"] == pytest.approx(4.0)
    assert (first["retention"]["rate"], first["promotion"]["rate"]) == (0.8, 0.2)
    assert report["freshness"]["notification_id"] > 0
    assert "first-ranked mentor accepted" in report["method"]


def test_small_cells_are_null_with_their_note(api: Api) -> None:
    assigned = {r["origin"]: r for r in get(api, f"{PATH}?{WINDOW}")["rows"]}["assigned"]
    assert assigned["pairing_fit"] == {
        "respondents": None, "answers": None, "mean": None, "interval": None,
        "suppressed": True, "note": "suppressed: fewer than 5 people",
    }


def test_self_chosen_pairs_are_compared_with_placed_ones(api: Api) -> None:
    report = get(api, f"{PATH}?{WINDOW}&follow_up_months=12&voluntary_only=true")

    differences = {d["measure"]: d for d in report["differences"]}
    assert differences["completion"]["difference"] == pytest.approx(4 / 15)
    assert differences["retention"]["difference"] == pytest.approx(0.7 - 1.0)
    assert report["placed"]["retention"]["rate"] == 1.0


def test_a_window_ending_before_it_starts_is_an_invalid_query(api: Api) -> None:
    response = api.call("GET", f"{PATH}?start=2024-12-31&end=2024-01-01", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-query")


def test_a_follow_up_beyond_ten_years_is_invalid_input(api: Api) -> None:
    response = api.call("GET", f"{PATH}?{WINDOW}&follow_up_months=121", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-input")


def test_only_analysts_and_admins_may_ask(api: Api) -> None:
    assert api.call("GET", f"{PATH}?{WINDOW}", Role.ADMIN).status_code == 200
    assert api.call("GET", f"{PATH}?{WINDOW}", Role.AUDITOR).status_code == 403
