"""Suggestions and cohort matching through HTTP (both stores): ranked and explained mentors,
weights per program, a proposal confirmed once (a retry starts nothing twice), a stale one
refused with what changed."""

from __future__ import annotations

from typing import Any

import pytest

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, enrol, hire, launch_program, volunteer

DAY = {"effective_date": "2024-02-10"}


@pytest.fixture
def program_id(api: Api) -> str:
    """Mentors E1 (capacity 2) and E4 (capacity 1, ops); mentees E2, E3 (enrolled), E5."""
    hire(api, "E9", level=9)
    hire(api, "E1", level=7, manager="E9")
    hire(api, "E4", level=6, department="ops", manager="E9")
    for mentee in ("E2", "E3", "E5"):
        hire(api, mentee, level=4, manager="E9")
    program = launch_program(api)
    volunteer(api, program, "E1")
    volunteer(api, program, "E4", capacity=1)
    for mentee in ("E2", "E3", "E5"):
        enrol(api, program, mentee)
    return program


def suggestions(api: Api, program_id: str, mentee: str = "E2", query: str = "") -> Any:
    return api.ok("GET", f"/programs/{program_id}/mentees/{mentee}/suggestions{query}",
                  Role.PORTAL, employee=mentee)


def propose(api: Api, program_id: str) -> Any:
    response = api.call("POST", f"/programs/{program_id}/rounds/current/matching", Role.ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def confirm(api: Api, program_id: str, proposal_id: str) -> Any:
    return api.call(
        "POST", f"/programs/{program_id}/rounds/current/matching/{proposal_id}/confirm",
        Role.ADMIN, body={},
    )


def test_a_mentee_sees_the_allowed_mentors_best_first_with_reasons(
    api: Api, program_id: str
) -> None:
    body = suggestions(api, program_id)
    assert [item["mentor_id"] for item in body["items"]] == ["E4", "E1"]
    assert body["items"][0]["score"] >= body["items"][1]["score"]
    assert "cross_department" in {r["name"] for r in body["items"][0]["reasons"]}


def test_the_program_s_weights_change_the_ranking(api: Api, program_id: str) -> None:
    api.ok("PUT", f"/programs/{program_id}/matching-weights", Role.ADMIN,
           body={"cross_department": 0, "free_capacity": 0, **DAY})
    body = suggestions(api, program_id)
    assert all(r["name"] != "cross_department" for i in body["items"] for r in i["reasons"])


def test_the_limit_keeps_the_best(api: Api, program_id: str) -> None:
    assert len(suggestions(api, program_id, query="?limit=1")["items"]) == 1


def test_a_topic_no_mentor_offers_suggests_nobody(api: Api, program_id: str) -> None:
    assert suggestions(api, program_id, query="?topic=juggling")["items"] == []


def test_a_proposal_pairs_waiting_mentees_within_capacities(api: Api, program_id: str) -> None:
    proposal = propose(api, program_id)
    mentors = [pair["mentor_id"] for pair in proposal["pairs"]]
    assert sorted(mentors) == ["E1", "E1", "E4"]
    assert proposal["unmatched"] == []


def test_a_confirmed_proposal_starts_its_pairs_from_cohort_matching(
    api: Api, program_id: str
) -> None:
    proposal = propose(api, program_id)
    response = confirm(api, program_id, proposal["proposal_id"])
    assert response.status_code == 200, response.text
    mine = api.ok("GET", "/employees/E2/mentorships", Role.PORTAL, employee="E2")
    assert [(m["origin"], m["mentorship_id"] in response.json()["mentorship_ids"])
            for m in mine["items"]] == [("matching", True)]


def test_confirming_again_answers_the_same_mentorships(api: Api, program_id: str) -> None:
    proposal = propose(api, program_id)
    first = confirm(api, program_id, proposal["proposal_id"]).json()
    again = confirm(api, program_id, proposal["proposal_id"])
    assert again.status_code == 200 and again.json() == first


def test_a_proposal_gone_stale_is_refused_with_what_changed(api: Api, program_id: str) -> None:
    proposal = propose(api, program_id)
    api.ok("POST", f"/programs/{program_id}/assignments", Role.ADMIN,
           body={"mentee_id": "E5", "mentor_id": "E4", "topic": "negotiation", **DAY})
    response = confirm(api, program_id, proposal["proposal_id"])
    assert (response.status_code, response.json()["rule"]) == (409, "proposal-stale")
    assert "E4 had 1 free slot(s), now 0" in response.json()["detail"]


def test_an_unknown_proposal_is_404(api: Api, program_id: str) -> None:
    response = confirm(api, program_id, "00000000-0000-4000-8000-000000000000")
    assert (response.status_code, response.json()["rule"]) == (404, "proposal-not-found")
