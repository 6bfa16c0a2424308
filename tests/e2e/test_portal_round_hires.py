"""Rounds for the newest hires over HTTP (limits listed, refusals typed), and a mentor's open
requests served from the read side (both stores)."""

from __future__ import annotations

from typing import Any

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair, enrol, hire, volunteer

PROGRAM = {"name": "Onboarding", "program_type": "general", "goal": "settle in",
           "formality": "structured", "starts_on": "2024-02-01",
           "meeting_cadence": "weekly", "executive_sponsor_id": "E9",
           "effective_date": "2024-02-01"}


def new_hire_program(api: Api, **limits: Any) -> str:
    """A program whose first round has the given hire limits."""
    program_id: str = api.ok("POST", "/programs", Role.ADMIN, body=PROGRAM)["program_id"]
    api.ok("POST", f"/programs/{program_id}/rounds", Role.ADMIN,
           body={"round_name": "newest hires", "effective_date": "2024-02-01", **limits})
    return program_id


def test_the_rounds_list_shows_a_round_s_hire_limits(api: Api) -> None:
    program_id = new_hire_program(api, hired_on_or_after="2023-06-01", max_tenure_days=180)
    body = api.ok("GET", f"/programs/{program_id}/rounds", Role.ANALYST)
    assert [(r["hired_on_or_after"], r["max_tenure_days"]) for r in body["items"]] == [
        ("2023-06-01", 180)
    ]


def test_the_programs_list_shows_the_open_round_s_hire_limits(api: Api) -> None:
    program_id = new_hire_program(api, max_tenure_days=90)
    body = api.ok("GET", "/programs?status=open", Role.ANALYST)
    rounds = {p["program_id"]: p["open_rounds"] for p in body["items"]}
    assert [(r["hired_on_or_after"], r["max_tenure_days"]) for r in rounds[program_id]] == [
        (None, 90)
    ]


def test_enrolling_outside_a_round_s_hire_limits_is_a_409_naming_the_rule(api: Api) -> None:
    hire(api, "E2")  # hired on 2024-01-02
    program_id = new_hire_program(api, hired_on_or_after="2024-01-15")
    response = api.call("POST", f"/programs/{program_id}/mentees/E2/enrol", Role.PORTAL,
                        employee="E2", body={"topics": ["negotiation"], "aim": "settle",
                                             "effective_date": "2024-02-02"})
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[-1]) == (
        409, "hired-too-early-for-round"
    )


def test_a_negative_maximum_tenure_is_refused_as_input(api: Api) -> None:
    program_id: str = api.ok("POST", "/programs", Role.ADMIN, body=PROGRAM)["program_id"]
    response = api.call("POST", f"/programs/{program_id}/rounds", Role.ADMIN,
                        body={"round_name": "r", "max_tenure_days": -1,
                              "effective_date": "2024-02-01"})
    assert response.status_code == 422


def test_a_mentor_s_open_requests_carry_the_version_to_answer_with(
    api: Api, pending: Pair
) -> None:
    body = api.ok("GET", "/employees/E1/open-requests", Role.PORTAL, employee="E1")
    (request,) = body["requests"]
    state = api.call("GET", f"/requests/{pending.request_id}", Role.ADMIN)
    assert (request["version"], request["choices"], request["reason"], request["mentee_id"]) == (
        int(state.headers["ETag"].strip('"')), ["E1"], "I want to learn", "E2"
    )


def test_a_ranked_mentor_sees_a_request_only_once_it_is_addressed_to_them(api: Api) -> None:
    for hris_id in ("E1", "E2", "E4"):
        hire(api, hris_id)
    program_id = new_hire_program(api)
    for mentor in ("E1", "E4"):
        volunteer(api, program_id, mentor)
    enrol(api, program_id, "E2")
    request_id = api.ok("POST", f"/programs/{program_id}/requests", Role.PORTAL, employee="E2",
                        body={"topic": "negotiation", "choices": ["E1", "E4"],
                              "reason": "learn", "respond_by": "2024-02-29",
                              "effective_date": "2024-02-05"})["request_id"]

    def seen_by_second() -> list[str]:
        body = api.ok("GET", "/employees/E4/open-requests", Role.PORTAL, employee="E4")
        return [r["request_id"] for r in body["requests"]]

    before = seen_by_second()
    api.ok("POST", f"/requests/{request_id}/decline", Role.PORTAL, employee="E1",
           body={"reason": "busy", "effective_date": "2024-02-06"})
    assert (before, seen_by_second()) == ([], [request_id])


def test_the_open_requests_of_someone_never_hired_are_404(api: Api) -> None:
    response = api.call("GET", "/employees/NOBODY/open-requests", Role.ADMIN)
    assert response.status_code == 404
