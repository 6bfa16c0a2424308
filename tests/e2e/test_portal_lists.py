"""The portal's lists through HTTP, from the read side the API process keeps (both stores):
read-your-writes, keyset pagination under concurrent writes, every filter, who sees what."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from tests.e2e.http_world import (
    Api,
    Pair,
    enrol,
    hire,
    key_settings,
    launch_program,
    volunteer,
)


def pages(api: Api, path: str, role: Role, *, limit: int = 2, **kwargs: Any) -> list[Any]:
    """Every item of a list, following `next` page by page."""
    items: list[Any] = []
    cursor: str | None = None
    separator = "&" if "?" in path else "?"
    while True:
        url = f"{path}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = api.ok("GET", url, role, **kwargs)
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        cursor = body["next"]
        if cursor is None:
            return items


# --- read-your-writes -----------------------------------------------------------------------


def test_a_command_answers_the_position_it_wrote(api: Api, pair: Pair) -> None:
    response = api.call("POST", f"/mentorships/{pair.mentorship_id}/sessions", Role.PORTAL,
                        employee="E1", body={"duration_minutes": 45, "mode": "virtual",
                                             "topics": ["pricing"],
                                             "effective_date": "2024-02-09"})
    assert response.status_code < 300, response.text
    position = int(response.headers["X-Log-Position"])
    body = api.ok("GET", f"/mentorships/{pair.mentorship_id}/sessions?after_position={position}",
                  Role.PORTAL, employee="E2")
    assert body["position"] >= position
    assert [(s["held_on"], s["duration_minutes"], s["topics"]) for s in body["items"]] == [
        ("2024-02-09", 45, ["pricing"])
    ]


def test_reads_never_see_less_than_the_callers_own_writes(api: Api) -> None:
    for hris_id in ("E1", "E2"):
        hire(api, hris_id)
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    enrol(api, program_id, "E2")
    for day in range(5, 15):
        body = {"topic": "negotiation", "choices": ["E1"], "reason": "learn",
                "respond_by": "2024-02-29", "effective_date": f"2024-02-{day:02d}"}
        response = api.call("POST", f"/programs/{program_id}/requests", Role.PORTAL,
                            employee="E2", body=body)
        request_id = response.json()["request_id"]
        position = response.headers["X-Log-Position"]
        seen = api.ok("GET", f"/employees/E2/requests?after_position={position}&limit=200",
                      Role.PORTAL, employee="E2")
        assert request_id in [r["request_id"] for r in seen["items"]]
        api.ok("POST", f"/requests/{request_id}/withdraw", Role.PORTAL, employee="E2",
               body={"reason": "changed my mind", "effective_date": f"2024-02-{day:02d}"})


def test_a_position_beyond_the_log_is_refused_at_once(api: Api, pair: Pair) -> None:
    started = time.monotonic()
    response = api.call("GET", "/programs?after_position=999999999", Role.ADMIN)
    assert response.status_code == 422, response.text
    assert response.json()["rule"] == "position-not-written"
    assert time.monotonic() - started < 0.9


def test_a_read_side_that_lags_more_than_a_second_answers_503(
    api: Api, pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.ok("GET", "/programs", Role.ADMIN)  # the follower has caught up
    model = api.client.app.state.portal  # type: ignore[attr-defined]
    monkeypatch.setattr(model._catch_up, "step", lambda: 0)  # it stops advancing
    response = api.call("POST", f"/mentorships/{pair.mentorship_id}/goals", Role.PORTAL,
                        employee="E2", body={"goal_id": "g1", "description": "close a deal",
                                             "effective_date": "2024-02-07"})
    position = response.headers["X-Log-Position"]
    started = time.monotonic()
    late = api.call("GET", f"/mentorships/{pair.mentorship_id}/goals?after_position={position}",
                    Role.ADMIN)
    assert time.monotonic() - started >= 0.9
    assert (late.status_code, late.json()["rule"]) == (503, "read-side-behind"), late.text
    assert late.headers["Retry-After"] == "1"


def test_a_read_needs_no_position_after_writes_through_the_same_process(
    api: Api, pair: Pair
) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/goals", Role.PORTAL, employee="E2",
           body={"goal_id": "g1", "description": "close a deal", "effective_date": "2024-02-07"})
    body = api.ok("GET", f"/mentorships/{pair.mentorship_id}/goals", Role.PORTAL, employee="E1")
    assert [g["goal_id"] for g in body["items"]] == ["g1"]


# --- pagination -------------------------------------------------------------------------------


def test_pages_have_no_gap_and_no_repeat_while_programs_are_launched(api: Api) -> None:
    before = {launch_program(api) for _ in range(7)}
    launched: list[str] = []
    stop = threading.Event()

    def launch_more() -> None:
        while not stop.is_set() and len(launched) < 8:
            launched.append(launch_program(api))

    writer = threading.Thread(target=launch_more)
    writer.start()
    try:
        listed = [p["program_id"] for p in pages(api, "/programs", Role.ADMIN, limit=2)]
    finally:
        stop.set()
        writer.join()
    assert len(listed) == len(set(listed)), "a program was listed twice"
    assert before <= set(listed), "a program that existed throughout was skipped"
    assert set(listed) <= before | set(launched)
    everything = [p["program_id"] for p in pages(api, "/programs", Role.ADMIN, limit=3)]
    assert sorted(everything) == sorted(before | set(launched))


def test_a_cursor_the_api_did_not_give_is_refused(api: Api, pair: Pair) -> None:
    for cursor in ("not-base64!", "WyJ4Il0"):  # garbage; a one-value key from another list
        response = api.call("GET", f"/programs?cursor={cursor}", Role.ADMIN)
        assert response.status_code == 422, response.text
    assert api.call("GET", "/programs?limit=0", Role.ADMIN).status_code == 422
    assert api.call("GET", "/programs?limit=201", Role.ADMIN).status_code == 422


# --- filters ----------------------------------------------------------------------------------


def test_programs_list_their_open_rounds_and_filter_by_status(api: Api, pair: Pair) -> None:
    closed = launch_program(api)
    api.ok("POST", f"/programs/{closed}/close", Role.ADMIN,
           body={"reason": "merged", "effective_date": "2024-03-01"})
    everything = pages(api, "/programs", Role.ANALYST)
    assert {p["program_id"] for p in everything} == {pair.program_id, closed}
    mine = next(p for p in everything if p["program_id"] == pair.program_id)
    assert [(r["round_no"], r["round_name"]) for r in mine["open_rounds"]] == [(1, "first")]
    open_ = pages(api, "/programs?status=open", Role.PORTAL, employee="E3")
    assert [p["program_id"] for p in open_] == [pair.program_id]
    assert [p["program_id"] for p in pages(api, "/programs?status=closed", Role.AUDITOR)] == [
        closed
    ]


def test_rounds_are_listed_and_filtered(api: Api, pair: Pair) -> None:
    path = f"/programs/{pair.program_id}/rounds"
    api.ok("POST", f"{path}/current/close", Role.ADMIN, body={"effective_date": "2024-03-01"})
    api.ok("POST", path, Role.ADMIN, body={"round_name": "second", "departments": ["sales"],
                                           "effective_date": "2024-03-02"})
    assert [r["round_name"] for r in pages(api, path, Role.ADMIN, limit=1)] == [
        "first", "second"
    ]
    assert [r["round_name"] for r in pages(api, path + "?status=open", Role.ADMIN)] == ["second"]
    assert [r["round_name"] for r in pages(api, path + "?status=closed", Role.ADMIN)] == ["first"]
    unknown = api.call("GET", "/programs/00000000-0000-0000-0000-000000000001/rounds", Role.ADMIN)
    assert unknown.status_code == 404


def test_requests_sent_and_received_filter_by_role_and_status(api: Api) -> None:
    for hris_id in ("E1", "E2", "E4"):
        hire(api, hris_id)
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    volunteer(api, program_id, "E4")
    enrol(api, program_id, "E2")
    body = {"topic": "negotiation", "choices": ["E1", "E4"], "reason": "learn",
            "respond_by": "2024-02-29", "effective_date": "2024-02-05"}
    request_id = api.ok("POST", f"/programs/{program_id}/requests", Role.PORTAL,
                        employee="E2", body=body)["request_id"]

    def received(mentor: str, query: str = "") -> list[tuple[str, str]]:
        items = pages(api, f"/employees/{mentor}/requests?role=mentor{query}", Role.PORTAL,
                      employee=mentor)
        return [(r["request_id"], r["status"]) for r in items]

    assert received("E1") == [(request_id, "pending")]
    assert received("E4") == [], "a ranked mentor sees nothing before it is addressed to them"
    api.ok("POST", f"/requests/{request_id}/decline", Role.PORTAL, employee="E1",
           body={"reason": "no time", "effective_date": "2024-02-06"})
    assert received("E1") == [(request_id, "declined")]
    assert received("E1", "&status=pending") == []
    assert received("E4") == [(request_id, "pending")]
    item = pages(api, "/employees/E4/requests", Role.ADMIN)[0]
    assert (item["role"], item["mentee_id"], item["mentor_id"], item["asked_on"]) == (
        "mentor", "E2", "E4", "2024-02-06"
    )
    sent = pages(api, "/employees/E2/requests?role=mentee", Role.PORTAL, employee="E2")
    assert [(r["request_id"], r["status"], r["mentor_id"]) for r in sent] == [
        (request_id, "pending", "E4")
    ]
    assert pages(api, "/employees/E2/requests?role=mentor", Role.AUDITOR) == []
    accepted = api.ok("POST", f"/requests/{request_id}/accept", Role.PORTAL, employee="E4",
                      body={"effective_date": "2024-02-07"})
    for who, role in (("E2", "mentee"), ("E4", "mentor")):
        listed = pages(api, f"/employees/{who}/requests?status=accepted&status=declined",
                       Role.ADMIN)
        assert [(r["role"], r["status"], r["mentorship_id"]) for r in listed] == [
            (role, "accepted", accepted["mentorship_id"])
        ]
    assert received("E1", "&status=declined&status=accepted") == [(request_id, "declined")]


def test_mentorships_filter_by_status(api: Api, pair: Pair) -> None:
    def listed(query: str) -> list[tuple[str, str, str]]:
        items = pages(api, f"/employees/E1/mentorships{query}", Role.PORTAL, employee="E1")
        return [(m["mentorship_id"], m["status"], m["role"]) for m in items]

    assert listed("") == listed("?status=active") == [(pair.mentorship_id, "active", "mentor")]
    assert listed("?status=ended") == []
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/end", Role.PORTAL, employee="E2",
           body={"reason": "completed", "note": "done", "effective_date": "2024-03-01"})
    assert listed("?status=active") == []
    assert listed("?status=ended") == listed("?status=all") == [
        (pair.mentorship_id, "ended", "mentor")
    ]
    mentee = api.ok("GET", "/employees/E2/mentorships?status=all", Role.ADMIN)
    assert mentee["mentorships"] == mentee["items"]
    assert (mentee["items"][0]["role"], mentee["items"][0]["end_reason"]) == (
        "mentee", "completed"
    )


def test_sessions_goals_and_surveys_of_a_mentorship(api: Api, pair: Pair) -> None:
    path = f"/mentorships/{pair.mentorship_id}"
    for day in (8, 9, 10):
        api.ok("POST", path + "/sessions", Role.PORTAL, employee="E1",
               body={"duration_minutes": 30 + day, "mode": "virtual", "topics": ["negotiation"],
                     "effective_date": f"2024-02-{day:02d}"})
    for goal in ("g1", "g2"):
        api.ok("POST", path + "/goals", Role.PORTAL, employee="E2",
               body={"goal_id": goal, "description": "secret aim", "effective_date": "2024-02-07"})
    api.ok("POST", path + "/goals/g2/achieved", Role.PORTAL, employee="E2",
           body={"effective_date": "2024-02-20"})
    api.ok("POST", path + "/surveys", Role.PORTAL, employee="E2",
           body={"confidence": 4, "commitment": 5, "org_understanding": 3, "networking": 2,
                 "pairing_fit": 5, "effective_date": "2024-02-21"})
    sessions = pages(api, path + "/sessions", Role.AUDITOR, limit=2)
    assert [s["duration_minutes"] for s in sessions] == [38, 39, 40]
    goals = pages(api, path + "/goals", Role.PORTAL, limit=1, employee="E1")
    assert [(g["goal_id"], g["achieved"]) for g in goals] == [("g1", False), ("g2", True)]
    assert "secret aim" not in str(goals)
    assert [g["goal_id"] for g in pages(api, path + "/goals?achieved=true", Role.ADMIN)] == ["g2"]
    assert [g["goal_id"] for g in pages(api, path + "/goals?achieved=false", Role.ADMIN)] == [
        "g1"
    ]
    surveys = pages(api, path + "/surveys", Role.PORTAL, employee="E1")
    assert [(s["respondent_id"], s["confidence"]) for s in surveys] == [("E2", 4)]


@pytest.mark.parametrize("tail", ["sessions", "goals", "surveys"])
def test_only_the_pair_reads_a_mentorship_through_the_portal(
    api: Api, pair: Pair, tail: str
) -> None:
    path = f"/mentorships/{pair.mentorship_id}/{tail}"
    assert api.call("GET", path, Role.PORTAL, employee="E3").status_code == 403
    assert api.call("GET", path, Role.ADMIN).status_code == 200
    unknown = "/mentorships/00000000-0000-0000-0000-000000000001/" + tail
    assert api.call("GET", unknown, Role.ADMIN).status_code == 404


def test_surveys_are_not_for_auditors(api: Api, pair: Pair) -> None:
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}/surveys", Role.AUDITOR)
    assert response.status_code == 403


def test_an_employee_list_is_the_acting_employees_own(api: Api, pair: Pair) -> None:
    for tail in ("requests", "mentorships"):
        response = api.call("GET", f"/employees/E1/{tail}", Role.PORTAL, employee="E2")
        assert response.status_code == 403, tail


def test_stories_are_listed_and_read_without_their_text(api: Api, pair: Pair) -> None:
    ids = [api.ok("POST", f"/programs/{pair.program_id}/stories", Role.ADMIN,
                  body={"title": f"Story {n}", "text": "private words",
                        "mentorship_id": pair.mentorship_id, "employee_ids": ["E2"],
                        "effective_date": f"2024-03-0{n}"})["story_id"] for n in (1, 2, 3)]
    listed = pages(api, f"/programs/{pair.program_id}/stories", Role.PORTAL, employee="E3")
    assert [s["story_id"] for s in listed] == ids
    assert "private words" not in str(listed)
    story = api.ok("GET", f"/stories/{ids[1]}", Role.AUDITOR)
    assert (story["title"], story["people"], story["mentorship_id"]) == (
        "Story 2", 1, pair.mentorship_id
    )
    missing = api.call("GET", "/stories/00000000-0000-0000-0000-000000000001", Role.ADMIN)
    assert missing.status_code == 404


def test_mentors_filter_by_topic_availability_department_and_location(api: Api) -> None:
    hire(api, "E1", department="sales")
    hire(api, "E4", department="ops")
    hire(api, "E2", department="sales")
    program_id = launch_program(api)
    volunteer(api, program_id, "E1", capacity=1)
    path = f"/programs/{program_id}/mentors/E4"
    api.ok("POST", path + "/volunteer", Role.PORTAL, employee="E4",
           body={"topics": ["finance"], "capacity": 2, "hours_per_month": 2,
                 "effective_date": "2024-02-02"})
    enrol(api, program_id, "E2")
    api.ok("POST", f"/programs/{program_id}/assignments", Role.ADMIN,
           body={"mentee_id": "E2", "mentor_id": "E1", "topic": "negotiation",
                 "effective_date": "2024-02-10"})

    def mentors(query: str = "") -> list[str]:
        items = pages(api, f"/programs/{program_id}/mentors{query}", Role.PORTAL, limit=1,
                      employee="E2")
        return [m["employee_id"] for m in items]

    assert mentors() == ["E1", "E4"]
    assert mentors("?topic=finance") == ["E4"]
    assert mentors("?available=true") == ["E4"], "E1 has no free slot"
    assert mentors("?available=false") == ["E1"]
    assert mentors("?department=sales") == ["E1"]
    assert mentors("?location=Lisbon&topic=negotiation") == ["E1"]
    assert mentors("?location=Porto") == []
    first = pages(api, f"/programs/{program_id}/mentors?topic=negotiation", Role.ADMIN)[0]
    assert (first["free_slots"], first["capacity"], first["trained"]) == (0, 1, True)
    roster = api.ok("GET", f"/programs/{program_id}/roster", Role.AUDITOR)
    assert [(m["employee_id"], m["free_slots"]) for m in roster["mentors"]] == [
        ("E1", 0), ("E4", 2)
    ]
    assert [m["employee_id"] for m in roster["mentees"]] == ["E2"]


def test_after_position_gives_read_your_writes_across_instances(settings: Settings) -> None:
    """Two API apps on one store: a write through one, read through the other."""
    with TestClient(build_http_app(settings, key_settings())) as first, \
            TestClient(build_http_app(settings, key_settings())) as second:
        writer, reader = Api(first), Api(second)
        assert pages(reader, "/programs", Role.ADMIN) == []  # the reader's follower is idle
        body = {"name": "Sales mentoring", "program_type": "general", "goal": "grow",
                "formality": "structured", "starts_on": "2024-02-01",
                "meeting_cadence": "every two weeks", "executive_sponsor_id": "E9",
                "effective_date": "2024-02-01"}
        response = writer.call("POST", "/programs", Role.ADMIN, body=body)
        position = response.headers["X-Log-Position"]
        listed = reader.ok("GET", f"/programs?after_position={position}", Role.ADMIN)
        assert [p["program_id"] for p in listed["items"]] == [response.json()["program_id"]]
        assert listed["position"] >= int(position)


def test_lists_never_load_an_aggregate_nor_read_the_log_in_the_request(
    api: Api, pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every list (and the roster) answers from the read side alone."""
    api.ok("GET", "/programs", Role.ADMIN)  # caught up: the follower has nothing left to read
    service = api.client.app.state.service  # type: ignore[attr-defined]

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a list read the write side")

    monkeypatch.setattr(service, "load", refuse)
    monkeypatch.setattr(service.repository, "get", refuse)
    monkeypatch.setattr(service.recorder, "select_notifications", refuse)
    paths = ["/programs", f"/programs/{pair.program_id}/rounds",
             f"/programs/{pair.program_id}/mentors", f"/programs/{pair.program_id}/stories",
             f"/programs/{pair.program_id}/roster", "/employees/E2/requests",
             "/employees/E2/mentorships", f"/mentorships/{pair.mentorship_id}/sessions",
             f"/mentorships/{pair.mentorship_id}/goals",
             f"/mentorships/{pair.mentorship_id}/surveys"]
    for path in paths:
        response = api.call("GET", path, Role.ADMIN)
        assert response.status_code == 200, (path, response.text)
