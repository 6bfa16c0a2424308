"""Memo texts and kickoff answers: readable by the pair and admins, nobody else."""

from __future__ import annotations

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair


def test_the_pair_reads_the_memo_text(api: Api, pair: Pair) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/memos", Role.PORTAL, employee="E2",
           body={"skills": ["anchoring"], "text": "Anchor high.", "effective_date": "2024-02-09"})
    for person in ("E1", "E2"):
        record = api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL,
                        employee=person)
        assert [memo["text"] for memo in record["memos"]] == ["Anchor high."]


def test_an_admin_reads_the_kickoff_answers(api: Api, pair: Pair) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/kickoff", Role.PORTAL, employee="E1",
           body={"goals": "g", "communication": "chat", "off_limits": "none",
                 "confidentiality": "strict", "effective_date": "2024-02-07"})
    record = api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.ADMIN)
    assert [k["participant_id"] for k in record["kickoff"]] == ["E1"]


def test_someone_outside_the_pair_cannot_read_the_private_record(api: Api, pair: Pair) -> None:
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL,
                        employee="E3")
    assert (response.status_code, response.json()["rule"]) == (403, "private-to-the-pair")


def test_auditors_cannot_read_the_private_record(api: Api, pair: Pair) -> None:
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}/private", Role.AUDITOR)
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")


def test_the_public_view_of_a_mentorship_carries_no_memo_text(api: Api, pair: Pair) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/memos", Role.PORTAL, employee="E2",
           body={"skills": ["anchoring"], "text": "Anchor high.", "effective_date": "2024-02-09"})
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}", Role.AUDITOR)
    assert response.status_code == 200 and "Anchor high." not in response.text


def test_the_portal_cannot_see_a_mentorship_it_is_not_in(api: Api, pair: Pair) -> None:
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}", Role.PORTAL, employee="E3")
    assert (response.status_code, response.json()["rule"]) == (403, "not-involved")
