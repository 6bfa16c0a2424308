"""`mentoring serve --ingest-hris`: the command API and the HRIS ingestion in one process.

On the Kafka store the application has a single writer, so both must share one service; these
tests show that HRIS messages and HTTP commands are both recorded, with nobody fenced.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, hire, key_settings
from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line


def _wait_for_employee(api: Api, hris_id: str, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    status = 0
    while time.monotonic() < deadline:
        status = api.call("GET", f"/employees/{hris_id}", Role.ADMIN).status_code
        if status == 200:
            return status
        time.sleep(0.2)
    return status


@pytest.fixture
def api(hris: Hris, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    for name, value in hris.env.items():
        monkeypatch.setenv(name, value)
    http = key_settings().model_copy(update={"serve_ingests_hris": True})
    with TestClient(build_http_app(hris.settings, http), raise_server_exceptions=False) as client:
        yield Api(client)


def test_hris_messages_are_ingested_while_the_api_serves(hris: Hris, api: Api) -> None:
    hris.publish([line("hired", "H1", "hr-1", "2024-01-02")])

    assert _wait_for_employee(api, "H1") == 200


def test_api_commands_and_ingested_messages_share_the_one_writer(hris: Hris, api: Api) -> None:
    hire(api, "A1")
    hris.publish([line("hired", "H2", "hr-2", "2024-01-02")])
    assert _wait_for_employee(api, "H2") == 200

    hire(api, "A2")  # after the ingestion wrote: the API's writes are not fenced

    counts = [api.call("GET", f"/employees/{e}", Role.ADMIN).status_code for e in ("A1", "A2")]
    assert counts == [200, 200]
