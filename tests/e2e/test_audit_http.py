"""The audit endpoints: auditors and admins only; histories, state as of, chain verification."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.utils import get_topic
from fastapi.testclient import TestClient

from domain.employees import Employee
from domain.mentorships import Mentorship
from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from tests.e2e.http_world import Api, accepted, asked, hire, key_settings

E2 = Employee.create_id("E2")
ENDPOINTS = (
    f"/audit/aggregates/{E2}/history",
    "/audit/employees/E2/history",
    f"/audit/aggregates/{E2}/state?version=1",
    "/audit/verify",
)
REFUSED = (Role.PORTAL, Role.HRIS, Role.ANALYST)
ALLOWED = (Role.AUDITOR, Role.ADMIN)
MEMO = "what I learned, privately"


def record_pair(api: Api) -> str:
    """E1 mentors E2, who files a memo; returns the mentorship id."""
    mentorship_id = accepted(api, asked(api)).mentorship_id
    api.ok("POST", f"/mentorships/{mentorship_id}/memos", Role.PORTAL, employee="E2",
           body={"skills": ["negotiation"], "text": MEMO, "effective_date": "2024-03-01"})
    return mentorship_id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, str]]:
    """The API on a SQLite store holding the pair; and the mentorship id."""
    path: Path = tmp_path_factory.mktemp("audit") / "events.db"
    settings = Settings(store=f"sqlite:///{path}", environment="test")
    with TestClient(build_http_app(settings, key_settings()), raise_server_exceptions=False) as c:
        api = Api(c)
        yield api, record_pair(api)


@pytest.fixture
def api(world: tuple[Api, str]) -> Api:
    return world[0]


@pytest.fixture
def mentorship_id(world: tuple[Api, str]) -> str:
    return world[1]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_every_other_role_is_refused(api: Api, path: str, role: Role) -> None:
    assert api.call("GET", path, role, employee="E2").status_code == 403


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_caller_without_a_key_is_unauthenticated(api: Api, path: str) -> None:
    assert api.call("GET", path, None).status_code == 401


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("role", ALLOWED, ids=str)
def test_auditors_and_admins_are_admitted(api: Api, path: str, role: Role) -> None:
    assert api.call("GET", path, role).status_code == 200


def test_employee_history_spans_aggregates(api: Api) -> None:
    types = {e["event_type"] for e in api.ok("GET", "/audit/employees/E2/history", Role.AUDITOR)}
    assert {"Employee.Hired", "MenteeEnrolment.Enrolled", "MentorshipRequest.Made",
            "Mentorship.Matched", "Mentorship.MemoFiled"} <= types


def test_history_exports_as_json_lines(api: Api) -> None:
    response = api.call("GET", "/audit/employees/E3/history?format=jsonl", Role.AUDITOR)
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert [e["event_type"] for e in lines] == ["Employee.Hired", "CommandLog.Handled"]


def test_auditors_do_not_see_memo_text(api: Api, mentorship_id: str) -> None:
    history = api.ok("GET", f"/audit/aggregates/{mentorship_id}/history", Role.AUDITOR)
    assert MEMO not in json.dumps(history)


def test_admins_see_memo_text(api: Api, mentorship_id: str) -> None:
    history = api.ok("GET", f"/audit/aggregates/{mentorship_id}/history", Role.ADMIN)
    assert MEMO in json.dumps(history)


def test_the_recorded_form_is_returned_on_request(api: Api, mentorship_id: str) -> None:
    history = api.ok("GET", f"/audit/aggregates/{mentorship_id}/history?raw=true", Role.AUDITOR)
    assert history[0]["raw"]["topic"] == get_topic(Mentorship.Matched)


def test_state_as_of_a_version(api: Api) -> None:
    state = api.ok("GET", f"/audit/aggregates/{E2}/state?version=1", Role.AUDITOR)
    assert (state["version"], state["state"]["open_request_ids"]) == (1, [])


def test_state_as_of_an_instant_before_any_event_is_not_found(api: Api) -> None:
    path = f"/audit/aggregates/{E2}/state?at=2000-01-01T00:00:00Z"
    assert api.call("GET", path, Role.AUDITOR).status_code == 404


def test_history_of_an_unknown_aggregate_is_not_found(api: Api) -> None:
    path = "/audit/aggregates/00000000-0000-0000-0000-000000000001/history"
    assert api.call("GET", path, Role.AUDITOR).status_code == 404


def test_the_sqlite_log_verifies_clean(api: Api) -> None:
    verdict = api.ok("GET", "/audit/verify", Role.AUDITOR)
    assert verdict["ok"] and verdict["store"] == "sqlite" and verdict["events_verified"] > 20


def test_the_kafka_log_verifies_clean(kafka_bootstrap: str, unique_name: str) -> None:
    settings = Settings(store=f"kafka://{kafka_bootstrap}", kafka_topic_prefix=unique_name,
                        environment="test")
    with TestClient(build_http_app(settings, key_settings()), raise_server_exceptions=False) as c:
        api = Api(c)
        hire(api, "E1")
        verdict = api.ok("GET", "/audit/verify", Role.AUDITOR)
        history = api.ok("GET", "/audit/employees/E1/history", Role.AUDITOR)
    assert verdict["ok"] and verdict["store"] == "kafka" and verdict["events_verified"] == 2
    assert [e["event_type"] for e in history] == ["Employee.Hired", "CommandLog.Handled"]
