"""The analytics endpoints on a small organisation stored in SQLite and projected into DuckDB.

The organisation is tests/integration/projections/scenario_org.py; the figures below are the
analytics API's for it (employed at 2024-01-01: 6 participants, 12 others).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app, persistence_env
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from projections.runner import run_projector
from tests.e2e.http_world import Api, key_settings
from tests.integration.projections.scenario_org import EventLog, build_organisation

YEAR = "start=2024-01-01&end=2024-12-31"


def projected_settings(
    folder: Path, build: Callable[[EventLog], object] = build_organisation
) -> Settings:
    """An organisation (``build``) in a SQLite store, projected, with a published snapshot."""
    settings = Settings(
        store=f"sqlite:///{folder / 'events.db'}", duckdb=folder / "analytics.duckdb",
        environment="test",
    )
    log = EventLog(env=persistence_env(settings))
    build(log)
    log.close()
    run_projector(persistence_env(settings), settings.duckdb,
                  snapshot_path=settings.analyst_snapshot_path)
    return settings


def api_over(
    folder: Path, build: Callable[[EventLog], object] = build_organisation
) -> Iterator[Api]:
    """The API over ``build``'s organisation, stored in ``folder``, projected and published."""
    settings = projected_settings(folder, build)
    with TestClient(build_http_app(settings, key_settings()), raise_server_exceptions=False) as c:
        yield Api(c)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The API over the projected organisation."""
    yield from api_over(tmp_path_factory.mktemp("analytics"))


def get(api: Api, path: str) -> Any:
    """An analyst's GET that must succeed."""
    return api.ok("GET", path, Role.ANALYST)


def test_retention_compares_participants_with_everyone_else(api: Api) -> None:
    row = get(api, f"/analytics/retention?{YEAR}")["rows"][0]
    inside, outside = row["participants"], row["others"]
    assert (inside["headcount"], inside["events"], outside["headcount"], outside["events"]) == (
        6, 1, 12, 3)


def test_retention_gives_the_difference_with_its_interval(api: Api) -> None:
    row = get(api, f"/analytics/retention?{YEAR}")["rows"][0]
    assert row["difference"] == pytest.approx(5 / 6 - 9 / 12)
    interval = row["difference_interval"]
    assert interval["low"] < row["difference"] < interval["high"]


def test_a_rate_report_states_the_immortal_time_caveat(api: Api) -> None:
    assert "immortal-time bias" in get(api, f"/analytics/retention?{YEAR}")["warning"]


def test_a_response_states_the_snapshot_freshness_in_its_body(api: Api) -> None:
    freshness = get(api, f"/analytics/retention?{YEAR}")["freshness"]
    assert freshness["notification_id"] == 96
    assert freshness["published_at"].endswith("Z")


def test_a_response_states_the_snapshot_freshness_in_its_headers(api: Api) -> None:
    response = api.call("GET", f"/analytics/skills?{YEAR}", Role.ANALYST)
    assert response.headers["X-Snapshot-Notification-Id"] == "96"
    assert response.headers["X-Snapshot-Published-At"].endswith("Z")


def test_a_group_under_five_people_is_null_with_its_note(api: Api) -> None:
    row = get(api, f"/analytics/promotion?{YEAR}&role=mentee")["rows"][0]
    assert row["participants"] == {
        "headcount": None, "events": None, "rate": None, "interval": None, "suppressed": True,
        "note": "suppressed: fewer than 5 people",
    }
    assert row["difference"] is None


def test_promotion_counts_the_people_promoted_in_the_window(api: Api) -> None:
    others = get(api, f"/analytics/promotion?{YEAR}&role=mentee")["rows"][0]["others"]
    assert (others["headcount"], others["events"]) == (15, 2)


def test_retention_groups_by_department(api: Api) -> None:
    rows = get(api, f"/analytics/retention?{YEAR}&group_by=department")["rows"]
    assert sorted(row["group"] for row in rows) == ["Eng", "Sales"]


def test_survival_gives_a_curve_per_group_and_a_log_rank_test(api: Api) -> None:
    report = get(api, "/analytics/survival?start=2023-01-01&end=2024-12-31")
    assert [curve["group"] for curve in report["curves"]] == ["in", "out"]
    assert 0 <= report["log_rank"]["p_value"] <= 1


def test_the_funnel_counts_requests_through_to_memos(api: Api) -> None:
    row = get(api, f"/analytics/funnel?{YEAR}")["rows"][0]
    assert (row["made"], row["accepted"], row["first_session"], row["memo"]) == (8, 6, 6, 5)


def test_the_funnel_nulls_a_count_under_five_and_names_it(api: Api) -> None:
    row = get(api, f"/analytics/funnel?{YEAR}")["rows"][0]
    assert row["withdrawn"] is None
    assert "withdrawn" in row["suppressed"]


def test_momentum_reports_each_launched_program(api: Api) -> None:
    rows = get(api, "/analytics/momentum?today=2024-06-20")["rows"]
    assert [(row["program"], row["past_deadline"]) for row in rows] == [("Grow", 0)]


def test_equity_shares_the_workforce_by_department(api: Api) -> None:
    rows = get(api, "/analytics/equity?day=2024-06-20&attribute=department")["rows"]
    assert {row["group"]: row["workforce"]["count"] for row in rows} == {"Eng": 8, "Sales": 9}


def test_skills_names_only_skills_of_five_mentees_or_more(api: Api) -> None:
    report = get(api, f"/analytics/skills?{YEAR}")
    assert [s["skill"] for s in report["skills"]] == ["negotiation"]
    assert report["suppressed_skills"] == 2


def test_a_window_ending_before_it_starts_is_an_invalid_query(api: Api) -> None:
    response = api.call("GET", "/analytics/retention?start=2024-12-31&end=2024-01-01",
                        Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-query")


def test_an_unknown_grouping_is_invalid_input(api: Api) -> None:
    response = api.call("GET", f"/analytics/retention?{YEAR}&group_by=shoe_size", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-input")


def test_sql_returns_columns_rows_and_freshness(api: Api) -> None:
    sql = ("SELECT department, people FROM workforce WHERE breakdown = 'department' "
           "ORDER BY 1")
    result = api.ok("POST", "/analytics/sql", Role.ANALYST, body={"sql": sql})
    assert (result["columns"], result["rows"]) == (["department", "people"],
                                                    [["Eng", 8], ["Sales", 6]])
    assert result["freshness"]["notification_id"] == 96


def test_sql_returns_dates_and_lists_as_json(api: Api) -> None:
    sql = "SELECT DATE '2024-01-02' AS day, [1, 2] AS numbers"
    result = api.ok("POST", "/analytics/sql", Role.ANALYST, body={"sql": sql})
    assert result["rows"] == [["2024-01-02", [1, 2]]]


def test_sql_refuses_a_write_as_an_unprocessable_request(api: Api) -> None:
    body = {"sql": "INSERT INTO employees (hris_id) VALUES ('X')"}
    response = api.call("POST", "/analytics/sql", Role.ANALYST, body=body)
    assert (response.status_code, response.json()["rule"]) == (422, "sql-refused")


def test_sql_refuses_reading_files(api: Api) -> None:
    body = {"sql": "SELECT * FROM read_csv('/etc/passwd')"}
    response = api.call("POST", "/analytics/sql", Role.ANALYST, body=body)
    assert (response.status_code, response.json()["rule"]) == (422, "sql-refused")


def test_sql_that_fails_is_reported_as_failed(api: Api) -> None:
    response = api.call("POST", "/analytics/sql", Role.ANALYST,
                        body={"sql": "SELECT * FROM employees"})
    assert (response.status_code, response.json()["rule"]) == (422, "sql-failed")


def test_without_a_published_snapshot_analytics_are_unavailable(tmp_path: Path) -> None:
    settings = Settings(store=f"sqlite:///{tmp_path / 'events.db'}",
                        duckdb=tmp_path / "analytics.duckdb", environment="test")
    with TestClient(build_http_app(settings, key_settings())) as client:
        response = Api(client).call("GET", f"/analytics/retention?{YEAR}", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (409, "analytics-unavailable")
