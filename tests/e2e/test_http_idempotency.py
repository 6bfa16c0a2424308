"""Idempotency-Key: a retry returns the first response and records nothing new."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.base import HRIS_ACTOR, Stamp
from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role, hash_key
from gateways.entrypoints.http.idempotency.fingerprint import fingerprint
from gateways.settings import Settings
from services.employees import HireEmployee
from tests.e2e.http_world import KEYS, Api, key_settings

HIRE_DATE = date(2024, 1, 2)
HIRE = {"hris_id": "E1", "department": "sales", "job_level": 5, "manager_id": None,
        "location": "Lisbon", "hired_on": "2024-01-02"}


def head(api: Api) -> int:
    """The position of the last event the mentoring service recorded."""
    return int(api.client.app.state.service.recorder.max_notification_id() or 0)  # type: ignore[attr-defined]


def hire(api: Api, key: str, body: dict[str, Any] = HIRE, role: Role = Role.HRIS) -> Any:
    return api.call("POST", "/employees", role, body=body, headers={"Idempotency-Key": key})


def test_a_retry_returns_the_first_response(api: Api) -> None:
    first = hire(api, "k-1")
    again = hire(api, "k-1")
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"


def test_a_retry_records_nothing_new(api: Api) -> None:
    hire(api, "k-1")
    before = head(api)
    hire(api, "k-1")
    assert head(api) == before


def test_the_same_key_with_another_body_is_refused_with_422(api: Api) -> None:
    hire(api, "k-1")
    other = hire(api, "k-1", {**HIRE, "hris_id": "E2"})
    assert (other.status_code, other.json()["rule"]) == (422, "idempotency-key-reused")


def test_a_refused_command_is_replayed_as_refused(api: Api) -> None:
    hire(api, "k-1")
    refused = hire(api, "k-2")
    assert (refused.status_code, hire(api, "k-2").json()) == (409, refused.json())


def test_keys_of_different_callers_do_not_meet(api: Api) -> None:
    hire(api, "shared")
    admins = hire(api, "shared", role=Role.ADMIN)
    assert (admins.status_code, admins.json()["rule"]) == (409, "already-exists")


def test_a_retry_after_a_restart_is_still_replayed(api: Api, settings: Settings) -> None:
    first = hire(api, "k-1")
    with TestClient(build_http_app(settings, key_settings())) as client:
        again = Api(client)
        before = head(again)
        replay = hire(again, "k-1")
        assert (replay.json(), head(again)) == (first.json(), before)


def test_a_retry_after_the_response_was_lost_records_nothing_new(api: Api) -> None:
    state = api.client.app.state  # type: ignore[attr-defined]
    state.ledger.lease = timedelta(0)
    request_print = fingerprint("POST", "/employees", json.dumps(HIRE).encode())
    claim = state.ledger.claim(hash_key(KEYS[Role.HRIS]) + "/", "lost", request_print)
    employee_id = state.service.handle(HireEmployee(
        command_id=str(claim.command_id), stamp=Stamp(HRIS_ACTOR, HIRE_DATE), hris_id="E1",
        department="sales", job_level=5, manager_id=None, location="Lisbon",
    ))
    before = head(api)
    retry = hire(api, "lost")
    assert (retry.status_code, retry.json()["employee_id"], head(api)) == (
        201, str(employee_id), before,
    )


def test_a_key_still_in_flight_is_409_with_retry_after(api: Api) -> None:
    state = api.client.app.state  # type: ignore[attr-defined]
    request_print = fingerprint("POST", "/employees", json.dumps(HIRE).encode())
    state.ledger.claim(hash_key(KEYS[Role.HRIS]) + "/", "busy", request_print)
    busy = hire(api, "busy")
    assert (busy.status_code, busy.json()["rule"]) == (409, "idempotency-key-in-use")
    assert busy.headers["Retry-After"] == "1"


def test_a_malformed_key_is_invalid_input(api: Api) -> None:
    response = hire(api, "x" * 300)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-idempotency-key")
