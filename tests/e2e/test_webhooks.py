"""HRIS webhooks: a signed delivery is applied once; a wrong signature or an old timestamp is
refused (401) and records nothing. On SQLite and on Kafka."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from domain.commands import CommandLog
from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.routers.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookAuthenticator,
    sign,
)
from gateways.settings import Settings
from tests.e2e.http_world import Api, key_settings

SECRET = "whsec-workday-1"
HIRED = {
    "event_id": "wd-1", "type": "hired", "employee_id": "W1", "effective_date": "2024-01-02",
    "department": "sales", "job_level": 5, "manager_id": None, "location": "Lisbon",
}


@pytest.fixture
def hooks(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """The API with a webhook secret for the source `workday` (two for `bamboo`: rotation)."""
    monkeypatch.setenv(
        "MENTORING_HRIS_WEBHOOK_SECRETS", f"workday={SECRET},bamboo=old-one,bamboo=new-one"
    )
    app = build_http_app(settings, key_settings())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)


def deliver(
    api: Api, message: dict[str, Any], *, source: str = "workday", secret: str = SECRET,
    at: int | None = None, signature: str | None = None,
) -> httpx.Response:
    body = json.dumps(message).encode()
    timestamp = int(time.time()) if at is None else at
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature or sign(secret, timestamp, body),
    }
    return api.client.post(f"/hris/webhooks/{source}", content=body, headers=headers)


def head(api: Api) -> int:
    service = api.client.app.state.service  # type: ignore[attr-defined]
    return int(service.recorder.max_notification_id() or 0)


def handled(api: Api, event_id: str) -> bool:
    service = api.client.app.state.service  # type: ignore[attr-defined]
    return CommandLog.create_id(event_id) in service.repository


def test_a_signed_delivery_is_applied_like_a_consumed_record(hooks: Api) -> None:
    response = deliver(hooks, HIRED)
    assert response.status_code == 200, response.text
    assert response.json() == {"event_id": "wd-1", "outcome": "applied"}
    employee = hooks.ok("GET", "/employees/W1", Role.HRIS)
    assert employee["department"] == "sales"
    assert handled(hooks, "wd-1")


def test_a_replayed_delivery_has_no_second_effect(hooks: Api) -> None:
    timestamp = int(time.time())
    assert deliver(hooks, HIRED, at=timestamp).status_code == 200
    before = head(hooks)
    again = deliver(hooks, HIRED, at=timestamp)  # the very same delivery, within the tolerance
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert head(hooks) == before


def test_a_wrong_signature_is_refused_and_records_nothing(hooks: Api) -> None:
    before = head(hooks)
    for response in (
        deliver(hooks, HIRED, secret="guessed"),
        deliver(hooks, HIRED, signature="sha256=" + "0" * 64),
        deliver(hooks, HIRED, signature="not even a signature"),
        deliver(hooks, HIRED, source="bamboo"),  # workday's secret is not bamboo's
        deliver(hooks, HIRED, source="unknown"),
    ):
        assert response.status_code == 401, response.text
        assert response.json()["rule"] == "unauthenticated"
        assert response.headers["content-type"].startswith("application/problem+json")
    assert head(hooks) == before
    assert not handled(hooks, "wd-1")
    assert hooks.call("GET", "/employees/W1", Role.HRIS).status_code == 404


def test_an_old_or_future_timestamp_is_refused_and_records_nothing(hooks: Api) -> None:
    before = head(hooks)
    now = int(time.time())
    for at in (now - 310, now - 86400, now + 310):  # margins: the request takes its time
        response = deliver(hooks, HIRED, at=at)  # correctly signed, but not fresh
        assert response.status_code == 401, response.text
        assert "tolerance" in response.json()["detail"]
    assert head(hooks) == before
    assert not handled(hooks, "wd-1")


def test_a_replayed_signature_outside_the_tolerance_is_refused(hooks: Api) -> None:
    body = json.dumps({**HIRED, "event_id": "wd-late"}).encode()
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(timestamp),
               SIGNATURE_HEADER: sign(SECRET, timestamp, body)}
    authenticator: WebhookAuthenticator = hooks.client.app.state.webhooks  # type: ignore[attr-defined]
    authenticator.clock = lambda: timestamp + 301.0  # an attacker replays it five minutes on
    response = hooks.client.post("/hris/webhooks/workday", content=body, headers=headers)
    assert response.status_code == 401
    assert not handled(hooks, "wd-late")


def test_missing_headers_are_refused(hooks: Api) -> None:
    body = json.dumps(HIRED).encode()
    response = hooks.client.post("/hris/webhooks/workday", content=body,
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert not handled(hooks, "wd-1")


def test_every_secret_of_a_rotating_source_is_accepted(hooks: Api) -> None:
    assert deliver(hooks, HIRED, source="bamboo", secret="old-one").status_code == 200
    second = {**HIRED, "event_id": "bb-2", "employee_id": "W2"}
    assert deliver(hooks, second, source="bamboo", secret="new-one").status_code == 200


def test_a_message_breaking_the_contract_is_422_and_records_nothing(hooks: Api) -> None:
    before = head(hooks)
    response = deliver(hooks, {**HIRED, "job_level": "senior"})
    assert (response.status_code, response.json()["rule"]) == (422, "malformed-message")
    assert head(hooks) == before


def test_a_message_for_an_unknown_employee_is_409_to_deliver_later(hooks: Api) -> None:
    promoted = {"event_id": "wd-p", "type": "promoted", "employee_id": "W9",
                "effective_date": "2024-03-01", "new_level": 6}
    before = head(hooks)
    response = deliver(hooks, promoted)
    assert (response.status_code, response.json()["rule"]) == (409, "employee-not-found")
    assert head(hooks) == before
    hire = {**HIRED, "event_id": "wd-h9", "employee_id": "W9"}
    assert deliver(hooks, hire).status_code == 200
    assert deliver(hooks, promoted).json()["outcome"] == "applied"
    assert hooks.ok("GET", "/employees/W9", Role.HRIS)["job_level"] == 6


def test_without_configured_secrets_every_webhook_is_refused(settings: Settings) -> None:
    with TestClient(build_http_app(settings, key_settings())) as client:
        response = deliver(Api(client), HIRED)
    assert response.status_code == 401
