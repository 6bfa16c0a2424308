"""Every request logs one structured line carrying its correlation id and its caller."""

from __future__ import annotations

import pytest
import structlog
from structlog.testing import capture_logs

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api


def finished(api: Api, **headers: str) -> dict[str, object]:
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        api.call("GET", "/programs/00000000-0000-4000-8000-000000000000", Role.PORTAL,
                 employee="E7", headers=headers)
    [line] = [entry for entry in logs if entry["event"] == "request_finished"]
    return dict(line)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_request_line_carries_the_callers_request_id(api: Api) -> None:
    assert finished(api, **{"X-Request-ID": "abc-1"})["request_id"] == "abc-1"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_request_line_names_the_role_and_the_actor_never_the_key(api: Api) -> None:
    line = finished(api)
    assert (line["role"], line["actor"], line["status"]) == ("portal", "E7", 404)
    assert "e2e-portal-key" not in repr(line)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_request_without_an_id_gets_a_fresh_one(api: Api) -> None:
    assert finished(api)["request_id"] != finished(api)["request_id"]
