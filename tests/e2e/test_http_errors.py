"""Errors are application/problem+json with a stable type; never a traceback, never a 500."""

from __future__ import annotations

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, Pair, enrol, hire

UNKNOWN = "00000000-0000-4000-8000-000000000000"
PROBLEMS = "https://mentoring.example/problems/"


def test_an_unknown_id_is_404_typed_by_its_rule(api: Api) -> None:
    response = api.call("GET", f"/programs/{UNKNOWN}", Role.ADMIN)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEMS + "program-not-found"


def test_a_stale_if_match_is_409_naming_the_current_version(api: Api, pair: Pair) -> None:
    response = api.call("POST", f"/programs/{pair.program_id}/close", Role.ADMIN,
                        body={"reason": "done"}, headers={"If-Match": '"1"'})
    assert (response.status_code, response.json()["rule"]) == (409, "version-conflict")
    assert response.json()["current_version"] > 1


def test_the_etag_of_a_read_is_accepted_as_if_match(api: Api, pair: Pair) -> None:
    etag = api.call("GET", f"/programs/{pair.program_id}", Role.ADMIN).headers["ETag"]
    response = api.call("POST", f"/programs/{pair.program_id}/close", Role.ADMIN,
                        body={"reason": "done"}, headers={"If-Match": etag})
    assert response.status_code == 200


def test_a_mentor_at_capacity_is_409(api: Api, pair: Pair) -> None:
    for mentee in ("E5", "E6"):
        hire(api, mentee)
        enrol(api, pair.program_id, mentee)
    for mentee in ("E5", "E6"):
        response = api.call("POST", f"/programs/{pair.program_id}/assignments", Role.ADMIN,
                            body={"mentee_id": mentee, "mentor_id": "E1", "topic": "negotiation"})
    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "mentor-at-capacity")


def test_invalid_input_is_422_listing_each_field(api: Api) -> None:
    response = api.call("POST", "/employees", Role.HRIS, body={"hris_id": "E 1", "job_level": 0})
    assert response.status_code == 422
    fields = {tuple(error["loc"]) for error in response.json()["errors"]}
    assert {("body", "hris_id"), ("body", "job_level"), ("body", "location")} <= fields


def test_a_malformed_id_in_the_path_is_422(api: Api) -> None:
    response = api.call("GET", "/programs/not-a-uuid", Role.ADMIN)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-input")


def test_a_body_that_is_not_json_is_422(api: Api) -> None:
    response = api.client.post("/employees", content=b"{oops",
                               headers={"X-API-Key": "e2e-hris-key",
                                        "Content-Type": "application/json"})
    assert response.status_code == 422


def test_an_unexpected_failure_is_a_bare_500_problem(api: Api) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    api.client.app.add_api_route("/explode", explode)  # type: ignore[attr-defined]
    response = api.client.get("/explode")
    assert (response.status_code, response.json()["rule"]) == (500, "internal-error")
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_the_request_id_is_returned_and_named_in_problems(api: Api) -> None:
    response = api.call("GET", f"/programs/{UNKNOWN}", Role.ADMIN,
                        headers={"X-Request-ID": "req-42"})
    assert response.headers["X-Request-ID"] == "req-42"
    assert response.json()["request_id"] == "req-42"


def test_the_portal_cannot_act_for_someone_else(api: Api, pair: Pair) -> None:
    response = api.call("POST", f"/programs/{pair.program_id}/mentors/E3/withdraw", Role.PORTAL,
                        employee="E2", body={"reason": "busy"})
    assert (response.status_code, response.json()["rule"]) == (403, "not-acting-for-employee")


def test_the_portal_must_name_the_acting_employee(api: Api) -> None:
    response = api.call("GET", "/employees/E1/mentorships", Role.PORTAL)
    assert (response.status_code, response.json()["rule"]) == (422, "acting-employee-required")


def test_if_match_on_a_command_that_checks_no_version_is_refused(api: Api) -> None:
    response = api.call("POST", "/employees/E1/promotion", Role.HRIS,
                        body={"new_job_level": 6}, headers={"If-Match": '"1"'})
    assert (response.status_code, response.json()["rule"]) == (422, "if-match-not-applicable")


def test_a_path_that_is_not_valid_unicode_is_422(api: Api, pair: Pair) -> None:
    response = api.call("POST", f"/mentorships/{pair.mentorship_id}/goals/%ED%A0%80/achieved",
                        Role.PORTAL, employee="E2", body={})
    assert response.status_code == 422
