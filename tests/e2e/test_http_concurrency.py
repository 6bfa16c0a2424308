"""Concurrent commands: a mentor's capacity holds, and one Idempotency-Key runs once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, enrol, hire, launch_program, volunteer

MENTEES = ("E11", "E12", "E13", "E14")


def program_with_a_single_slot_mentor(api: Api) -> str:
    hire(api, "E1")
    for mentee in MENTEES:
        hire(api, mentee)
    program_id = launch_program(api)
    volunteer(api, program_id, "E1", capacity=1)
    for mentee in MENTEES:
        enrol(api, program_id, mentee)
    return program_id


def test_concurrent_assignments_never_exceed_the_mentors_capacity(api: Api) -> None:
    program_id = program_with_a_single_slot_mentor(api)

    def assign(mentee: str) -> int:
        return api.call("POST", f"/programs/{program_id}/assignments", Role.ADMIN,
                        body={"mentee_id": mentee, "mentor_id": "E1", "topic": "negotiation",
                              "effective_date": "2024-02-10"}).status_code

    with ThreadPoolExecutor(len(MENTEES)) as pool:
        statuses = sorted(pool.map(assign, MENTEES))
    assert statuses == [201, 409, 409, 409]


def test_one_key_sent_concurrently_records_the_change_once(api: Api) -> None:
    program_id = program_with_a_single_slot_mentor(api)
    body = {"mentee_id": "E11", "mentor_id": "E1", "topic": "negotiation",
            "effective_date": "2024-02-10"}

    def assign(_: int) -> str:
        response = api.call("POST", f"/programs/{program_id}/assignments", Role.ADMIN,
                            body=body, headers={"Idempotency-Key": "same"})
        return str(response.json().get("mentorship_id", response.json().get("rule")))

    with ThreadPoolExecutor(4) as pool:
        outcomes = set(pool.map(assign, range(4)))
    mentorships = api.ok("GET", "/employees/E11/mentorships", Role.ADMIN)["mentorships"]
    assert len(mentorships) == 1
    assert outcomes <= {mentorships[0]["mentorship_id"], "idempotency-key-in-use"}
