"""Property-based (schemathesis): whatever reaches the API, never a 5xx.

Every operation of the OpenAPI schema gets inputs that fit the schema and inputs that do not,
first with random ids, then with the ids of a running mentorship so the domain rules run too.
Besides "no server error", each response must have a documented status and match its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import KEYS, Api, Pair

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}  # per operation; < 90 s
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
HEADERS = {"X-API-Key": KEYS[Role.ADMIN], "X-Acting-Employee": "E2"}


def operations(api: Api) -> Iterator[Any]:
    """Every operation of the app's OpenAPI schema."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        yield result.ok()


def assert_no_server_error(operation: Any, mode: GenerationMode, ids: dict[str, str]) -> None:
    path_ids = {k: v for k, v in ids.items() if "{" + k + "}" in operation.path}

    @given(case=operation.as_strategy(mode, headers=HEADERS, path_parameters=path_ids))
    @settings(max_examples=EXAMPLES[mode], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    # no case may be buildable: nothing invalid to send (GET /healthz), or every draw filtered
    with suppress(Unsatisfiable):
        run()


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_random_requests_never_get_a_server_error(api: Api, mode: GenerationMode) -> None:
    for operation in operations(api):
        assert_no_server_error(operation, mode, {})


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_requests_on_a_running_mentorship_never_get_a_server_error(
    api: Api, pair: Pair, mode: GenerationMode
) -> None:
    ids = {"program_id": pair.program_id, "request_id": pair.request_id,
           "mentorship_id": pair.mentorship_id, "employee_id": "E2", "hris_id": "E2"}
    for operation in operations(api):
        assert_no_server_error(operation, mode, ids)
