"""An analyst trying to single out individuals or small groups gets no figure about fewer than 5.

Over HTTP: their own SQL (which sees only the aggregate-safe views) and the analytics questions
with narrow filters and windows. The organisation is tests/integration/projections/scenario_org.py
(14 employed now: Eng 8, Sales 6; one person outside Paris; 6 leavers; 9 have been mentees).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from projections.aggregate_views import VIEWS
from projections.privacy import is_small
from projections.snapshot import analyst_sql_target
from tests.e2e.http_world import Api, key_settings
from tests.e2e.test_analytics_http import YEAR, projected_settings

FAILED, REFUSED = "sql-failed", "sql-refused"
ALL_PEOPLE = " UNION ALL ".join(f"SELECT people FROM {view.name}" for view in VIEWS)
ATTEMPTS: list[tuple[str, str | list[list[Any]]]] = [
    # person-level tables do not exist for analysts: by id, the HAVING < 5, a CTE,
    # a window function, a list aggregate
    ("SELECT * FROM employees WHERE hris_id = 'X1'", FAILED),
    ("SELECT department, count(*) FROM employees GROUP BY 1 HAVING count(*) < 5", FAILED),
    ("WITH p AS (SELECT * FROM mentorships) SELECT count(*) FROM p", FAILED),
    ("SELECT hris_id, row_number() OVER () FROM employees", FAILED),
    ("SELECT string_agg(hris_id, ',') FROM employees", FAILED),
    ("SELECT employee_id FROM participations LIMIT 1", FAILED),
    # the person-level snapshot on disk is out of reach
    ("SELECT count(*) FROM 'SNAPSHOT'", REFUSED),
    ("SELECT * FROM read_parquet('SNAPSHOT')", REFUSED),
    ("ATTACH 'SNAPSHOT' AS s (READ_ONLY)", REFUSED),
    ("SELECT database_name, path FROM duckdb_databases() WHERE path IS NOT NULL", []),
    ("SELECT table_name FROM information_schema.tables ORDER BY 1",
     [[name] for name in sorted(view.name for view in VIEWS)]),
    # small groups in the views: filtered for, the finest breakdowns, LIMIT 1 on the smallest
    ("SELECT * FROM workforce WHERE people < 5", []),
    (f"SELECT min(people) FROM ({ALL_PEOPLE})", [[6]]),
    ("SELECT people FROM workforce WHERE breakdown = 'department,level,location'", []),
    ("SELECT quarter, mode, people FROM sessions ORDER BY people LIMIT 1", [[None, None, 8]]),
    ("SELECT breakdown, people FROM workforce "
     "WHERE department = 'Sales' OR level = 3 OR location <> 'Paris'", [["department", 6]]),
    ("SELECT people FROM requests WHERE breakdown LIKE '%outcome%'", []),
    ("SELECT * FROM surveys", []),
    ("SELECT left_year, voluntary, people FROM exits WHERE breakdown <> 'total'", []),
    ("SELECT program, role, people FROM program_participation WHERE role IS NOT NULL", []),
    # a subset whose complement is small (participants, mentors) is withheld
    ("SELECT participants, mentees, mentors FROM workforce WHERE breakdown = 'total'",
     [[None, 9, None]]),
    # differencing: the total less the levels shown leaves the withheld levels, 6 people
    ("SELECT (SELECT people FROM workforce WHERE breakdown = 'total') - "
     "(SELECT sum(people) FROM workforce WHERE breakdown = 'level')", [[6]]),
    ("SELECT (SELECT people FROM workforce WHERE breakdown = 'total') - "
     "(SELECT sum(people) FROM workforce WHERE breakdown = 'department')", [[0]]),
    ("SELECT current_setting('enable_external_access')", [[False]]),
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The projected scenario organisation."""
    return projected_settings(tmp_path_factory.mktemp("no-individual"))


@pytest.fixture(scope="module")
def api(settings: Settings) -> Iterator[Api]:
    """The API over it."""
    with TestClient(build_http_app(settings, key_settings())) as client:
        yield Api(client)


@pytest.mark.parametrize(("sql", "expected"), ATTEMPTS, ids=[sql for sql, _ in ATTEMPTS])
def test_an_analysts_sql_gets_nothing_about_fewer_than_five_people(
    api: Api, settings: Settings, sql: str, expected: str | list[list[Any]]
) -> None:
    sql = sql.replace("SNAPSHOT", str(analyst_sql_target(settings.analyst_snapshot_path)))
    response = api.call("POST", "/analytics/sql", Role.ANALYST, body={"sql": sql})
    if isinstance(expected, str):
        assert (response.status_code, response.json()["rule"]) == (422, expected)
    else:
        assert (response.status_code, response.json()["rows"]) == (200, expected)


def test_every_row_of_every_view_is_about_five_people_or_more(api: Api) -> None:
    for view in VIEWS:
        result = api.ok("POST", "/analytics/sql", Role.ANALYST,
                        body={"sql": f"SELECT * FROM {view.name}"})
        for row in result["rows"]:
            named = dict(zip(result["columns"], row, strict=True))
            people = named["people"]
            assert people >= 5, (view.name, named)
            for flag in view.flags:
                shown = named[flag]
                assert shown is None or not (is_small(shown) or is_small(people - shown))


NARROW = [
    f"/analytics/retention?{YEAR}&group_by=department",
    "/analytics/retention?start=2024-06-19&end=2024-06-20&role=mentor",
    f"/analytics/promotion?{YEAR}&group_by=level",
    "/analytics/equity?day=2024-06-20&attribute=department",
    "/analytics/survival?start=2024-01-01&end=2024-01-05",
    "/analytics/funnel?start=2024-03-01&end=2024-03-01&by_program=true",
    f"/analytics/skills?{YEAR}",
    f"/analytics/performance?{YEAR}&group_by=department",
    "/analytics/momentum?today=2024-06-20&dormant_days=1&near_days=0",
]
PEOPLE_FIGURES = {"headcount", "people", "count", "mentees", "participants", "others"}


def people_figures(document: Any) -> Iterator[int]:
    """Every count of people in an analytics answer, wherever it is nested."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in PEOPLE_FIGURES and isinstance(value, int) and not isinstance(value, bool):
                yield value
            else:
                yield from people_figures(value)
    elif isinstance(document, list):
        for item in document:
            yield from people_figures(item)


@pytest.mark.parametrize("path", NARROW)
def test_narrow_analytics_questions_show_no_group_of_fewer_than_five(api: Api, path: str
                                                                      ) -> None:
    answer = api.ok("GET", path, Role.ANALYST)
    assert not [n for n in people_figures(answer) if is_small(n)]


def test_retention_by_department_suppresses_the_participants_of_each(api: Api) -> None:
    rows = api.ok("GET", f"/analytics/retention?{YEAR}&group_by=department", Role.ANALYST)["rows"]
    assert [(r["group"], r["participants"]["headcount"], r["participants"]["suppressed"],
             r["others"]["headcount"]) for r in rows] == [("Eng", None, True, 6),
                                                          ("Sales", None, True, 6)]


def test_the_mentors_of_a_two_day_window_are_suppressed(api: Api) -> None:
    path = "/analytics/retention?start=2024-06-19&end=2024-06-20&role=mentor"
    (row,) = api.ok("GET", path, Role.ANALYST)["rows"]
    assert (row["participants"]["headcount"], row["participants"]["suppressed"],
            row["others"]["headcount"]) == (None, True, 14)


def test_equity_by_department_suppresses_mentors_mentees_and_nominees(api: Api) -> None:
    rows = api.ok("GET", "/analytics/equity?day=2024-06-20&attribute=department",
                  Role.ANALYST)["rows"]
    assert [(r["group"], r["workforce"]["count"], r["mentors"]["count"], r["mentees"]["count"],
             r["nominees"]["count"]) for r in rows] == [("Eng", 8, None, None, None),
                                                        ("Sales", 9, None, None, None)]


def test_a_survival_window_of_four_days_shows_no_point(api: Api) -> None:
    answer = api.ok("GET", "/analytics/survival?start=2024-01-01&end=2024-01-05", Role.ANALYST)
    assert [(c["group"], c["people"], c["points"]) for c in answer["curves"]] == [
        ("in", 6, []), ("out", 12, [])]


def test_skills_named_by_fewer_than_five_mentees_are_only_counted(api: Api) -> None:
    answer = api.ok("GET", f"/analytics/skills?{YEAR}", Role.ANALYST)
    assert (answer["skills"], answer["suppressed_skills"]) == (
        [{"skill": "negotiation", "memos": 5, "mentees": 5}], 2)


@pytest.mark.parametrize("path", [
    "/programs/{program}", "/programs/{program}/roster", "/programs/{program}/stories",
    "/programs/{program}/mentors", "/employees/E1/mentorships",
])
def test_the_analyst_reaches_no_list_of_people(api: Api, path: str) -> None:
    """Refused by role, before any lookup: whichever program is named."""
    response = api.call("GET", path.replace("{program}", str(uuid4())), Role.ANALYST)
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")


def test_a_person_level_query_is_forbidden_to_the_analyst_role(api: Api) -> None:
    response = api.call("POST", "/analytics/sql/trusted", Role.ANALYST,
                        body={"sql": "SELECT hris_id FROM employees"})
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")


def test_the_snapshot_file_itself_exists_so_the_refusals_are_not_about_a_missing_file(
    settings: Settings,
) -> None:
    assert Path(analyst_sql_target(settings.analyst_snapshot_path)).exists()
