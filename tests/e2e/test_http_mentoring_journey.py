"""A mentoring program through HTTP, from the hires to the end of a mentorship."""

from __future__ import annotations

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair, asked_in_turn, enrolled, hire, launch_program


def test_the_mentor_sees_the_request_addressed_to_them(api: Api, pending: Pair) -> None:
    body = api.ok("GET", "/employees/E1/open-requests", Role.PORTAL, employee="E1")
    assert [r["request_id"] for r in body["requests"]] == [pending.request_id]


def test_accepting_a_request_starts_a_mentorship_for_both(api: Api, pair: Pair) -> None:
    for person in ("E1", "E2"):
        body = api.ok("GET", f"/employees/{person}/mentorships", Role.PORTAL, employee=person)
        assert [m["mentorship_id"] for m in body["mentorships"]] == [pair.mentorship_id]


def test_an_accepted_request_is_no_longer_open(api: Api, pair: Pair) -> None:
    body = api.ok("GET", "/employees/E1/open-requests", Role.PORTAL, employee="E1")
    assert body["requests"] == []


def test_the_roster_lists_the_mentor_and_the_mentee(api: Api, pair: Pair) -> None:
    body = api.ok("GET", f"/programs/{pair.program_id}/roster", Role.AUDITOR)
    assert [m["employee_id"] for m in body["mentors"]] == ["E1"]
    assert [m["employee_id"] for m in body["mentees"]] == ["E2"]
    assert body["mentors"][0]["free_slots"] == 1


def test_sessions_goals_and_surveys_show_in_the_mentorship(api: Api, pair: Pair) -> None:
    path = f"/mentorships/{pair.mentorship_id}"
    api.ok("POST", path + "/goals", Role.PORTAL, employee="E2",
           body={"goal_id": "g1", "description": "close a deal", "effective_date": "2024-02-07"})
    api.ok("POST", path + "/sessions", Role.PORTAL, employee="E1",
           body={"duration_minutes": 60, "mode": "virtual", "topics": ["negotiation"],
                 "effective_date": "2024-02-08"})
    api.ok("POST", path + "/goals/g1/achieved", Role.PORTAL, employee="E2",
           body={"effective_date": "2024-02-20"})
    api.ok("POST", path + "/surveys", Role.PORTAL, employee="E2",
           body={"confidence": 4, "commitment": 5, "org_understanding": 3, "networking": 4,
                 "pairing_fit": 5, "effective_date": "2024-02-21"})
    body = api.ok("GET", path, Role.PORTAL, employee="E1")
    assert (body["sessions_held"], body["goals"]) == (1, {"g1": True})


def test_ending_the_mentorship_frees_the_mentors_slot(api: Api, pair: Pair) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/end", Role.PORTAL, employee="E2",
           body={"reason": "completed", "note": "done", "effective_date": "2024-03-01"})
    mentor = api.ok("GET", f"/programs/{pair.program_id}/mentors/E1", Role.AUDITOR)
    assert mentor["free_slots"] == 2


def test_a_declined_request_goes_to_the_next_choice(api: Api) -> None:
    for hris_id in ("E1", "E2", "E4"):
        hire(api, hris_id)
    _, request_id = asked_in_turn(api)
    api.ok("POST", f"/requests/{request_id}/decline", Role.PORTAL, employee="E1",
           body={"reason": "no time", "effective_date": "2024-02-06"})
    request = api.ok("GET", f"/requests/{request_id}", Role.PORTAL, employee="E2")
    assert (request["addressed_mentor_id"], request["status"]) == ("E4", "pending")


def test_an_admin_can_assign_a_pair_directly(api: Api) -> None:
    for hris_id in ("E1", "E2"):
        hire(api, hris_id)
    program_id = enrolled(api, "E1")
    assigned = api.ok("POST", f"/programs/{program_id}/assignments", Role.ADMIN,
                      body={"mentee_id": "E2", "mentor_id": "E1", "topic": "negotiation",
                            "effective_date": "2024-02-10"})
    body = api.ok("GET", "/employees/E2/mentorships", Role.ADMIN)
    assert [m["mentorship_id"] for m in body["mentorships"]] == [assigned["mentorship_id"]]


def test_a_success_story_is_recorded(api: Api, pair: Pair) -> None:
    story = api.ok("POST", f"/programs/{pair.program_id}/stories", Role.ADMIN,
                   body={"title": "Close rate up 15%", "text": "after a day with a mentor",
                         "mentorship_id": pair.mentorship_id, "employee_ids": ["E2"]})
    assert story["story_id"]


def test_an_admin_changes_a_programs_conflict_rules(api: Api) -> None:
    program_id = launch_program(api)
    rules = {"reporting_line_levels": 0, "forbid_same_manager": True,
             "require_training": False, "allow_junior_mentors": True}
    api.ok("PUT", f"/programs/{program_id}/rules", Role.ADMIN, body=rules,
           headers={"If-Match": '"2"'})
    assert api.ok("GET", f"/programs/{program_id}", Role.ADMIN)["rules"] == rules
