"""`POST /employees/{hris_id}/erasure`: an admin shreds a person's private texts (both stores)."""

from __future__ import annotations

from typing import Any

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair

MEMO = "Anchor high, then stay quiet."
ERASED = "[erased]"


def file_memo_and_kickoffs(api: Api, pair: Pair) -> None:
    """The mentee E2 files MEMO; both E2 and the mentor E1 answer the kickoff."""
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/memos", Role.PORTAL, employee="E2",
           body={"skills": ["anchoring"], "text": MEMO, "effective_date": "2024-02-09"})
    for person in ("E2", "E1"):
        api.ok("POST", f"/mentorships/{pair.mentorship_id}/kickoff", Role.PORTAL, employee=person,
               body={"goals": f"goals of {person}", "communication": "chat",
                     "off_limits": "none", "confidentiality": "strict",
                     "effective_date": "2024-02-07"})


def erase(api: Api, hris_id: str, reason: str = "GDPR request 2024-17") -> Any:
    """An admin erases ``hris_id``'s personal data."""
    return api.call("POST", f"/employees/{hris_id}/erasure", Role.ADMIN,
                    body={"reason": reason, "effective_date": "2024-03-01"})


def private_record(api: Api, pair: Pair, person: str) -> Any:
    """The private record of the pair's mentorship, as ``person`` reads it."""
    return api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL,
                  employee=person)


def test_an_admins_erasure_answers_with_the_person(api: Api, pair: Pair) -> None:
    response = erase(api, "E2")
    assert (response.status_code, response.json()["hris_id"]) == (200, "E2")


def test_before_erasure_the_pair_reads_the_memo(api: Api, pair: Pair) -> None:
    file_memo_and_kickoffs(api, pair)
    assert [m["text"] for m in private_record(api, pair, "E1")["memos"]] == [MEMO]


def test_after_erasure_the_pair_reads_the_memo_as_erased(api: Api, pair: Pair) -> None:
    file_memo_and_kickoffs(api, pair)
    erase(api, "E2")
    assert [m["text"] for m in private_record(api, pair, "E1")["memos"]] == [ERASED]


def test_after_erasure_only_the_erased_persons_kickoff_answers_are_erased(
    api: Api, pair: Pair
) -> None:
    file_memo_and_kickoffs(api, pair)
    erase(api, "E2")
    answers = {k["participant_id"]: k["goals"] for k in private_record(api, pair, "E1")["kickoff"]}
    assert answers == {"E2": ERASED, "E1": "goals of E1"}


def test_an_auditors_history_shows_the_erased_memo_as_erased(api: Api, pair: Pair) -> None:
    file_memo_and_kickoffs(api, pair)
    erase(api, "E2")
    history = api.ok("GET", f"/audit/aggregates/{pair.mentorship_id}/history", Role.AUDITOR)
    memos = [e["data"] for e in history if e["event_type"] == "Mentorship.MemoFiled"]
    assert memos == [{"skills": ["anchoring"], "text": ERASED}]


def test_the_erasure_is_in_the_persons_audit_history(api: Api, pair: Pair) -> None:
    erase(api, "E2")
    history = api.ok("GET", "/audit/employees/E2/history", Role.ADMIN)
    erasures = [e["data"] for e in history if e["event_type"] == "Employee.PersonalDataErased"]
    assert erasures == [{"hris_id": "E2", "reason": "GDPR request 2024-17"}]


def test_erasing_an_unknown_person_is_not_found(api: Api) -> None:
    assert erase(api, "NOBODY").status_code == 404


def test_an_erasure_needs_a_reason(api: Api, pair: Pair) -> None:
    response = api.call("POST", "/employees/E2/erasure", Role.ADMIN, body={})
    assert response.status_code == 422


def test_the_portal_cannot_erase_anyone(api: Api, pair: Pair) -> None:
    response = api.call("POST", "/employees/E2/erasure", Role.PORTAL, employee="E2",
                        body={"reason": "mine"})
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")
