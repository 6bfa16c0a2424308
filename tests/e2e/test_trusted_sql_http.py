"""Person-level SQL is the `analyst-trusted` role's, and every run is listed for auditors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from tests.e2e.http_world import Api, key_settings
from tests.e2e.test_analytics_http import projected_settings

TRUSTED = Role.ANALYST_TRUSTED
PERSON_LEVEL = "SELECT hris_id FROM employees WHERE department = 'Eng' ORDER BY hris_id"


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The projected scenario organisation, a store of this test's own."""
    return projected_settings(tmp_path_factory.mktemp("trusted"))


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    """The API over it."""
    with TestClient(build_http_app(settings, key_settings())) as client:
        yield Api(client)


def test_a_trusted_analyst_reads_person_level_rows(api: Api) -> None:
    result = api.ok("POST", "/analytics/sql/trusted", TRUSTED, body={"sql": PERSON_LEVEL})
    assert (result["columns"], len(result["rows"])) == (["hris_id"], 8)


def test_a_trusted_run_is_listed_for_auditors_with_who_what_and_how_many_rows(api: Api) -> None:
    api.ok("POST", "/analytics/sql/trusted", TRUSTED, body={"sql": PERSON_LEVEL})

    (run,) = api.ok("GET", "/audit/analyst-queries", Role.AUDITOR)
    assert (run["analyst"].startswith("analyst-trusted:"), run["channel"], run["sql"],
            run["row_count"], run["truncated"], run["snapshot_notification_id"]) == (
        True, "http:analyst-trusted", PERSON_LEVEL, 8, False, 96)


def test_the_record_survives_a_restart_of_the_service(api: Api, settings: Settings) -> None:
    api.ok("POST", "/analytics/sql/trusted", TRUSTED, body={"sql": PERSON_LEVEL})
    api.client.close()

    with TestClient(build_http_app(settings, key_settings())) as client:
        runs = Api(client).ok("GET", "/audit/analyst-queries", Role.AUDITOR)
    assert [run["sql"] for run in runs] == [PERSON_LEVEL]


def test_auditors_filter_the_runs_by_analyst(api: Api) -> None:
    api.ok("POST", "/analytics/sql/trusted", TRUSTED, body={"sql": "SELECT 1"})
    (run,) = api.ok("GET", "/audit/analyst-queries", Role.AUDITOR)

    mine = api.ok("GET", f"/audit/analyst-queries?analyst={run['analyst']}", Role.AUDITOR)
    others = api.ok("GET", "/audit/analyst-queries?analyst=someone-else", Role.AUDITOR)
    assert (len(mine), others) == (1, [])


def test_a_refused_statement_returns_nothing_and_records_nothing(api: Api) -> None:
    response = api.call("POST", "/analytics/sql/trusted", TRUSTED,
                        body={"sql": "DELETE FROM employees"})

    assert (response.status_code, response.json()["rule"]) == (422, "sql-refused")
    assert api.ok("GET", "/audit/analyst-queries", Role.AUDITOR) == []


def test_the_trusted_snapshot_still_has_no_demographic_group(api: Api) -> None:
    response = api.call("POST", "/analytics/sql/trusted", TRUSTED,
                        body={"sql": "SELECT demographic_group FROM employees"})
    assert (response.status_code, response.json()["rule"]) == (422, "sql-failed")


def test_the_trusted_role_gets_no_aggregate_route_and_no_list_of_runs(api: Api) -> None:
    refused = [
        api.call("POST", "/analytics/sql", TRUSTED, body={"sql": "SELECT 1"}),
        api.call("GET", "/analytics/skills?start=2024-01-01&end=2024-12-31", TRUSTED),
        api.call("GET", "/audit/analyst-queries", TRUSTED),
    ]
    assert [(r.status_code, r.json()["rule"]) for r in refused] == [(403, "forbidden")] * 3


def test_an_analyst_may_not_list_the_runs(api: Api) -> None:
    response = api.call("GET", "/audit/analyst-queries", Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")
