"""Recovery after a crash is quick: a claim left by a process that is gone is taken over at once.

A claim of a live process still answers 409 (until its lease runs out).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app, idempotency_env
from gateways.entrypoints.http.auth.keys import Role, hash_key
from gateways.entrypoints.http.idempotency.fingerprint import fingerprint
from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.settings import Settings
from tests.e2e.http_world import KEYS, Api, key_settings

HIRE = {"hris_id": "E1", "department": "sales", "job_level": 5, "manager_id": None,
        "location": "Lisbon", "hired_on": "2024-01-02"}
SCOPE = hash_key(KEYS[Role.HRIS]) + "/"
PRINT = fingerprint("POST", "/employees", json.dumps(HIRE).encode())

CLAIMER = """
import sys
from gateways.bootstrap import idempotency_env
from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.settings import Settings

ledger = IdempotencyLedger(env=idempotency_env(Settings(store=sys.argv[1], environment="test")))
ledger.claim(sys.argv[2], sys.argv[3], sys.argv[4])
print("claimed", flush=True)
sys.stdin.read()
"""


def hire(api: Api, key: str) -> Any:
    return api.call("POST", "/employees", Role.HRIS, body=HIRE, headers={"Idempotency-Key": key})


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(store=f"sqlite:///{tmp_path / 'events.db'}", environment="test")


@pytest.fixture
def api(sqlite_settings: Settings) -> Iterator[Api]:
    with TestClient(build_http_app(sqlite_settings, key_settings())) as client:
        yield Api(client)


@pytest.fixture
def claimer(sqlite_settings: Settings) -> Iterator[subprocess.Popen[str]]:
    """Another API process (on the same SQLite store) that claimed key "k" and hangs."""
    process = subprocess.Popen(
        [sys.executable, "-c", CLAIMER, sqlite_settings.store, SCOPE, "k", PRINT],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "claimed"
    yield process
    process.kill()
    process.wait()


def test_a_claim_of_a_killed_process_is_taken_over_at_once(
    api: Api, claimer: subprocess.Popen[str]
) -> None:
    claimer.kill()
    claimer.wait()
    began = time.monotonic()
    response = hire(api, "k")
    assert response.status_code == 201, response.text
    assert time.monotonic() - began < 10
    assert hire(api, "k").headers["Idempotent-Replayed"] == "true"


def test_a_claim_of_a_live_process_is_still_in_use(
    api: Api, claimer: subprocess.Popen[str]
) -> None:
    busy = hire(api, "k")
    assert (busy.status_code, busy.json()["rule"]) == (409, "idempotency-key-in-use")


def test_on_kafka_a_new_writer_takes_over_the_claims_of_the_old_one(
    kafka_bootstrap: str, unique_name: str
) -> None:
    settings = Settings(
        store=f"kafka://{kafka_bootstrap}", kafka_topic_prefix=unique_name, environment="test"
    )
    abandoned = IdempotencyLedger(env=idempotency_env(settings))
    abandoned.claim(SCOPE, "k", PRINT)
    abandoned.close()  # the old process is gone: a new one starts, and becomes the writer
    with TestClient(build_http_app(settings, key_settings())) as client:
        api = Api(client)
        response = hire(api, "k")
        assert response.status_code == 201, response.text
        busy = client.app.state.ledger.claim(SCOPE, "other", PRINT)  # type: ignore[attr-defined]
        assert busy.replay is None
        again = api.call(
            "POST", "/employees", Role.HRIS, body=HIRE, headers={"Idempotency-Key": "other"}
        )
        assert (again.status_code, again.json()["rule"]) == (409, "idempotency-key-in-use")


def test_an_expired_key_is_new_and_the_command_log_still_prevents_a_second_effect(
    api: Api,
) -> None:
    state = api.client.app.state  # type: ignore[attr-defined]
    now = [datetime.now(UTC)]
    state.ledger.clock = lambda: now[0]
    first = hire(api, "k")
    head = state.service.recorder.max_notification_id()
    now[0] += state.ledger.ttl
    again = hire(api, "k")
    assert "Idempotent-Replayed" not in again.headers
    assert state.service.recorder.max_notification_id() == head
    assert again.json().get("employee_id") == first.json()["employee_id"], again.text
