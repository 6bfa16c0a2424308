"""Reads of private texts are recorded (who, when, which mentorship) and listed for auditors."""

from __future__ import annotations

from typing import Any

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair

MEMO = {"skills": ["anchoring"], "text": "Anchor high.", "effective_date": "2024-02-09"}


def reads(api: Api, query: str = "") -> list[dict[str, Any]]:
    """The recorded reads, as an auditor lists them."""
    listed: list[dict[str, Any]] = api.ok("GET", "/audit/private-reads" + query, Role.AUDITOR)
    return listed


def test_a_read_of_the_private_record_is_listed_with_who_and_which_mentorship(
    api: Api, pair: Pair
) -> None:
    api.ok("POST", f"/mentorships/{pair.mentorship_id}/memos", Role.PORTAL, employee="E2",
           body=MEMO)
    api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL, employee="E1")
    (read,) = reads(api)
    assert (read["reader"], read["role"], read["mentorship_id"]) == (
        "E1", "portal", pair.mentorship_id)
    assert read["route"] == "mentorship-private-record"
    assert sorted(read["concerns"]) == ["E1", "E2"]
    assert read["read_at"]


def test_an_admins_read_is_recorded_under_the_admins_key(api: Api, pair: Pair) -> None:
    api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.ADMIN)
    (read,) = reads(api)
    assert (read["role"], str(read["reader"]).startswith("admin:")) == ("admin", True)


def test_a_refused_read_is_not_recorded_as_a_read(api: Api, pair: Pair) -> None:
    response = api.call("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL,
                        employee="E3")
    assert response.status_code == 403
    assert reads(api) == []


def test_reads_are_filtered_by_employee_and_by_mentorship(api: Api, pair: Pair) -> None:
    for person in ("E1", "E2", "E2"):
        api.ok("GET", f"/mentorships/{pair.mentorship_id}/private", Role.PORTAL,
               employee=person, headers={"X-Request-ID": f"read-{person}-{len(reads(api))}"})
    assert [r["reader"] for r in reads(api, "?employee=E2")] == ["E1", "E2", "E2"]  # concerned
    assert [r["reader"] for r in reads(api, f"?mentorship={pair.mentorship_id}")] == [
        "E1", "E2", "E2"]
    assert reads(api, "?employee=E3") == []
    assert reads(api, "?mentorship=00000000-0000-4000-8000-000000000000") == []


def test_an_admins_unredacted_audit_history_is_recorded(api: Api, pair: Pair) -> None:
    api.ok("GET", f"/audit/aggregates/{pair.mentorship_id}/history", Role.ADMIN)
    api.ok("GET", "/audit/employees/E2/history", Role.ADMIN)
    api.ok("GET", f"/audit/aggregates/{pair.mentorship_id}/history", Role.AUDITOR)  # redacted
    listed = reads(api)
    assert [(r["route"], r["subject"]) for r in listed] == [
        ("audit-aggregate-history", pair.mentorship_id), ("audit-employee-history", "E2")]
    assert listed[0]["mentorship_id"] == pair.mentorship_id


def test_only_auditors_and_admins_list_the_reads(api: Api, pair: Pair) -> None:
    response = api.call("GET", "/audit/private-reads", Role.PORTAL, employee="E1")
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")


def test_the_state_of_a_request_hides_its_reason_from_auditors(api: Api, pending: Pair) -> None:
    path = f"/audit/aggregates/{pending.request_id}/state"
    assert api.ok("GET", path, Role.AUDITOR)["state"]["reason"] == "[private]"
    assert reads(api) == []
    assert api.ok("GET", path, Role.ADMIN)["state"]["reason"] == "I want to learn"
    assert [(r["route"], r["subject"]) for r in reads(api)] == [
        ("audit-aggregate-state", pending.request_id)]


def test_the_state_of_a_mentorship_shows_auditors_no_private_text(api: Api, pair: Pair) -> None:
    state = api.ok("GET", f"/audit/aggregates/{pair.mentorship_id}/state", Role.AUDITOR)["state"]
    assert state["mentee_id"] == "E2" and "[private]" not in state.values()
    assert reads(api) == []
