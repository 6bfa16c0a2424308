"""Every endpoint × every role: allowed, or 403 `forbidden`; and 401 without a key.

The table is the specification: a route missing from it fails the test, so no endpoint can be
added without deciding who may call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, api_on_sqlite

P, H, AN, AU, AD = Role.PORTAL, Role.HRIS, Role.ANALYST, Role.AUDITOR, Role.ADMIN
M = "/programs/{program_id}/mentors/{employee_id}"
ROLES: dict[tuple[str, str], set[Role]] = {
    ("POST", "/programs"): {AD},
    ("GET", "/programs/{program_id}"): {P, AU, AD},
    ("POST", "/programs/{program_id}/rounds"): {AD},
    ("POST", "/programs/{program_id}/rounds/current/close"): {AD},
    ("POST", "/programs/{program_id}/close"): {AD},
    ("PUT", "/programs/{program_id}/rules"): {AD},
    ("PUT", "/programs/{program_id}/nominators"): {AD},
    ("GET", "/programs/{program_id}/roster"): {P, AU, AD},
    ("POST", "/employees"): {H, AD},
    ("GET", "/employees/{hris_id}"): {H, AU, AD},
    ("POST", "/employees/{hris_id}/rehire"): {H, AD},
    ("POST", "/employees/{hris_id}/promotion"): {H, AD},
    ("POST", "/employees/{hris_id}/transfer"): {H, AD},
    ("POST", "/employees/{hris_id}/manager"): {H, AD},
    ("POST", "/employees/{hris_id}/leaving"): {H, AD},
    ("POST", "/employees/{hris_id}/erasure"): {AD},
    ("GET", "/employees/{employee_id}/mentorships"): {P, AU, AD},
    ("GET", "/employees/{employee_id}/open-requests"): {P, AU, AD},
    ("GET", M): {P, AU, AD},
    ("POST", M + "/volunteer"): {P, AD},
    ("POST", M + "/nomination"): {P, AD},
    ("POST", M + "/nomination/accept"): {P, AD},
    ("POST", M + "/nomination/decline"): {P, AD},
    ("POST", M + "/training"): {H, AD},
    ("PUT", M + "/profile"): {P, AD},
    ("POST", M + "/withdraw"): {P, AD},
    ("GET", "/programs/{program_id}/mentees/{employee_id}"): {P, AU, AD},
    ("POST", "/programs/{program_id}/mentees/{employee_id}/enrol"): {P, AD},
    ("POST", "/programs/{program_id}/requests"): {P, AD},
    ("GET", "/requests/{request_id}"): {P, AU, AD},
    ("POST", "/requests/{request_id}/accept"): {P, AD},
    ("POST", "/requests/{request_id}/decline"): {P, AD},
    ("POST", "/requests/{request_id}/withdraw"): {P, AD},
    ("POST", "/requests/{request_id}/expire"): {AD},
    ("POST", "/programs/{program_id}/assignments"): {AD},
    ("GET", "/mentorships/{mentorship_id}"): {P, AU, AD},
    ("GET", "/mentorships/{mentorship_id}/private"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/kickoff"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/goals"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/goals/{goal_id}/achieved"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/sessions"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/memos"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/surveys"): {P, AD},
    ("POST", "/mentorships/{mentorship_id}/end"): {P, AD},
    ("POST", "/programs/{program_id}/stories"): {AD},
    ("GET", "/audit/aggregates/{aggregate_id}/history"): {AU, AD},
    ("GET", "/audit/aggregates/{aggregate_id}/state"): {AU, AD},
    ("GET", "/audit/employees/{hris_id}/history"): {AU, AD},
    ("GET", "/audit/verify"): {AU, AD},
    ("GET", "/audit/private-reads"): {AU, AD},
    ("GET", "/analytics/retention"): {AN, AD},
    ("GET", "/analytics/promotion"): {AN, AD},
    ("GET", "/analytics/survival"): {AN, AD},
    ("GET", "/analytics/funnel"): {AN, AD},
    ("GET", "/analytics/momentum"): {AN, AD},
    ("GET", "/analytics/equity"): {AN, AD},
    ("GET", "/analytics/skills"): {AN, AD},
    ("GET", "/analytics/performance"): {AN, AD},
    ("GET", "/analytics/adjusted-hazard"): {AN, AD},
    ("GET", "/analytics/outcomes-by-origin"): {AN, AD},
    ("POST", "/analytics/sql"): {AN, AD},
    ("POST", "/analytics/sql/trusted"): {Role.ANALYST_TRUSTED, AD},
    ("GET", "/audit/analyst-queries"): {AU, AD},
    ("GET", "/notifications"): {Role.NOTIFIER, AD},
    ("PUT", "/programs/{program_id}/reminder-policy"): {AD},
    ("GET", "/programs"): {P, AN, AU, AD},
    ("GET", "/programs/{program_id}/rounds"): {P, AN, AU, AD},
    ("GET", "/programs/{program_id}/mentors"): {P, AU, AD},
    ("GET", "/programs/{program_id}/stories"): {P, AU, AD},
    ("GET", "/stories/{story_id}"): {P, AU, AD},
    ("GET", "/employees/{employee_id}/requests"): {P, AU, AD},
    ("GET", "/mentorships/{mentorship_id}/sessions"): {P, AU, AD},
    ("GET", "/mentorships/{mentorship_id}/goals"): {P, AU, AD},
    ("GET", "/mentorships/{mentorship_id}/surveys"): {P, AD},
    ("GET", "/programs/{program_id}/mentees/{employee_id}/suggestions"): {P, AD},
    ("PUT", "/programs/{program_id}/matching-weights"): {AD},
    ("POST", "/programs/{program_id}/rounds/current/matching"): {AD},
    ("POST", "/programs/{program_id}/rounds/current/matching/{proposal_id}/confirm"): {AD},
}
PUBLIC = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")}
SIGNED = {("POST", "/hris/webhooks/{source}")}
"""No API key: a signature is the authentication (tests/e2e/test_webhooks.py); no key admits."""
ENDPOINTS = sorted(ROLES)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def concrete(path: str) -> str:
    """The path with every parameter filled in: ids with an unknown UUID, people with E1."""
    path = re.sub(r"\{\w+_id\}", UNKNOWN, path.replace("{employee_id}", "E1"))
    return path.replace("{hris_id}", "E1").replace(UNKNOWN + "/achieved", "g1/achieved")


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """The API routes, also those of included routers (none of ours adds a prefix)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def served(api: Api) -> set[tuple[str, str]]:
    """Every (method, path) the app serves, besides its OpenAPI documentation."""
    routes = api.client.app.routes  # type: ignore[attr-defined]
    return {(method, route.path) for route in api_routes(routes) for method in route.methods or ()}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app for the whole matrix: no call in it can change anything."""
    yield from api_on_sqlite(tmp_path_factory.mktemp("matrix"))


def test_the_table_names_every_endpoint_the_app_serves(shared: Api) -> None:
    assert served(shared) == set(ROLES) | PUBLIC | SIGNED


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=" ".join)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_is_allowed_exactly_where_the_table_says(
    shared: Api, endpoint: tuple[str, str], role: Role
) -> None:
    method, path = endpoint
    response = shared.call(method, concrete(path), role, employee="E1", body={})
    refused = response.status_code == 403 and response.json().get("rule") == "forbidden"
    assert response.status_code != 401
    assert refused is (role not in ROLES[endpoint]), response.text


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=" ".join)
def test_every_endpoint_needs_a_key(shared: Api, endpoint: tuple[str, str]) -> None:
    method, path = endpoint
    response = shared.call(method, concrete(path), None, body={})
    assert (response.status_code, response.json()["rule"]) == (401, "unauthenticated")


def test_an_unknown_key_is_401(shared: Api) -> None:
    response = shared.client.get("/programs/" + UNKNOWN, headers={"X-API-Key": "guessed"})
    assert response.status_code == 401


@pytest.mark.parametrize("path", sorted(path for _, path in PUBLIC))
def test_health_endpoints_need_no_key(shared: Api, path: str) -> None:
    assert shared.client.get(path).status_code == 200


@pytest.mark.parametrize("endpoint", sorted(SIGNED), ids=" ".join)
@pytest.mark.parametrize("role", [*Role, None], ids=str)
def test_signed_endpoints_take_no_key_only_a_signature(
    shared: Api, endpoint: tuple[str, str], role: Role | None
) -> None:
    method, path = endpoint
    response = shared.call(method, path.replace("{source}", "workday"), role, body={})
    assert (response.status_code, response.json()["rule"]) == (401, "unauthenticated")
