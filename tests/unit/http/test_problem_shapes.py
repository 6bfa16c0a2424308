"""Problems of the HTTP layer itself: typed by rule, never carrying the input back."""

from __future__ import annotations

from eventsourcing.persistence import OperationalError
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from gateways.entrypoints.http.handlers import problem_for
from gateways.entrypoints.http.problems import HttpProblem


def test_an_http_problem_keeps_its_status_rule_and_headers() -> None:
    found = problem_for(HttpProblem(401, "unauthenticated", "no key", {"WWW-Authenticate": "X"}))
    assert found is not None
    problem, headers = found
    assert (problem.status, problem.rule) == (401, "unauthenticated")
    assert headers == {"WWW-Authenticate": "X"}


def test_a_validation_error_lists_where_without_the_input() -> None:
    error = RequestValidationError(
        [{"loc": ("body", "age"), "msg": "bad", "type": "int_parsing", "input": "secret"}]
    )
    found = problem_for(error)
    assert found is not None
    assert "secret" not in found[0].model_dump_json()


def test_an_unknown_route_is_a_typed_404() -> None:
    found = problem_for(HTTPException(404))
    assert found is not None and found[0].rule == "no-such-route"


def test_an_unexpected_error_is_not_an_expected_problem() -> None:
    assert problem_for(RuntimeError("boom")) is None


def test_a_store_that_refused_the_write_is_a_retryable_503() -> None:
    found = problem_for(OperationalError("writer fenced"))
    assert found is not None
    problem, headers = found
    assert (problem.status, problem.rule) == (503, "store-unavailable")
    assert headers == {"Retry-After": "1"}


def test_a_body_fastapi_cannot_parse_is_invalid_input() -> None:
    found = problem_for(HTTPException(400, "There was an error parsing the body"))
    assert found is not None
    assert (found[0].status, found[0].rule) == (422, "malformed-body")


def test_a_number_too_large_for_the_store_is_invalid_input() -> None:
    found = problem_for(OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert found is not None
    assert (found[0].status, found[0].rule) == (422, "value-out-of-range")
