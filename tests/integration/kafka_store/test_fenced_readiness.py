"""A command API whose writer a newer process fenced answers /readyz with 503 and writes no more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from tests.e2e.http_world import Api, hire, key_settings
from tests.integration.kafka_store.support import delete_prefixed_topics


@pytest.fixture
def settings(kafka_bootstrap: str, unique_name: str) -> Iterator[Settings]:
    yield Settings(store=f"kafka://{kafka_bootstrap}", kafka_topic_prefix=unique_name,
                   environment="test")
    delete_prefixed_topics(kafka_bootstrap, unique_name)


def test_a_fenced_api_is_not_ready_and_refuses_commands(settings: Settings) -> None:
    with TestClient(build_http_app(settings, key_settings()),
                    raise_server_exceptions=False) as older_client:
        older = Api(older_client)
        hire(older, "E1")
        assert older.call("GET", "/readyz", None).status_code == 200
        with TestClient(build_http_app(settings, key_settings()),
                        raise_server_exceptions=False) as newer_client:
            newer = Api(newer_client)
            hire(newer, "E2")  # the newer process takes the writer's ids

            refused = older.call("POST", "/employees", Role.HRIS, body={
                "hris_id": "E3", "department": "sales", "job_level": 5, "manager_id": None,
                "location": "Lisbon", "hired_on": "2024-01-02"})
            assert refused.status_code >= 500

            ready = older.call("GET", "/readyz", None)
            assert ready.status_code == 503
            assert "fenced" in str(ready.json())
            assert older.call("GET", "/readyz", None).status_code == 503
            hire(newer, "E4")  # the newer one keeps writing
