"""Who may read analytics: analysts and admins get the figures, other roles 403, no key 401."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, key_settings
from tests.e2e.test_analytics_http import YEAR, projected_settings

READERS = {Role.ANALYST, Role.ADMIN}
CALLS = [
    ("GET", f"/analytics/retention?{YEAR}", None),
    ("GET", f"/analytics/promotion?{YEAR}", None),
    ("GET", f"/analytics/survival?{YEAR}", None),
    ("GET", f"/analytics/funnel?{YEAR}", None),
    ("GET", "/analytics/momentum?today=2024-06-20", None),
    ("GET", "/analytics/equity?day=2024-06-20", None),
    ("GET", f"/analytics/skills?{YEAR}", None),
    ("POST", "/analytics/sql", {"sql": "SELECT 1 AS one"}),
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The API over the projected organisation."""
    settings = projected_settings(tmp_path_factory.mktemp("analytics-roles"))
    with TestClient(build_http_app(settings, key_settings())) as client:
        yield Api(client)


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call[1].split("?")[0])
@pytest.mark.parametrize("role", sorted(READERS, key=str), ids=str)
def test_analysts_and_admins_get_the_figures(api: Api, call: tuple, role: Role) -> None:
    method, path, body = call
    assert api.call(method, path, role, body=body).status_code == 200


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call[1].split("?")[0])
@pytest.mark.parametrize("role", sorted(set(Role) - READERS, key=str), ids=str)
def test_other_roles_are_forbidden(api: Api, call: tuple, role: Role) -> None:
    method, path, body = call
    response = api.call(method, path, role, employee="E1", body=body)
    assert (response.status_code, response.json()["rule"]) == (403, "forbidden")


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call[1].split("?")[0])
def test_analytics_need_a_key(api: Api, call: tuple) -> None:
    method, path, body = call
    assert api.call(method, path, None, body=body).status_code == 401
