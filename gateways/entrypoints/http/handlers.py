"""Exception handlers: every error leaves as application/problem+json, never a traceback."""

from __future__ import annotations

import structlog
from eventsourcing.persistence import OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.errors import DomainError
from gateways.entrypoints.http import problem_map
from gateways.entrypoints.http.problems import HttpProblem, Problem, problem_response

log = structlog.get_logger(__name__)


def problem_for(error: Exception) -> tuple[Problem, dict[str, str]] | None:
    """The problem and headers for an error the API expects, or None for a real failure."""
    if isinstance(error, DomainError):
        return problem_map.domain_problem(error), {}
    if isinstance(error, HttpProblem):
        return problem_map.http_problem(error), error.headers
    if isinstance(error, RequestValidationError):
        return problem_map.validation_problem(error), {}
    if isinstance(error, HTTPException):
        return problem_map.status_problem(error), dict(error.headers or {})
    if isinstance(error, OperationalError) and getattr(error, "outcome_unknown", False):
        # a commit without an answer (CommitOutcomeUnknownError): never "nothing was written"
        return problem_map.outcome_unknown_problem(), {"Retry-After": "1"}
    if isinstance(error, OperationalError):
        return problem_map.store_problem(), {"Retry-After": "1"}
    if isinstance(error, OverflowError):
        return problem_map.overflow_problem(), {}
    return None


def render(error: Exception) -> JSONResponse:
    """The problem+json response for any error; unexpected ones become a bare 500."""
    found = problem_for(error)
    if found is None:
        log.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
        problem, headers = problem_map.internal_problem(), dict[str, str]()
    else:
        problem, headers = found
        if isinstance(error, OperationalError):
            log.warning("store_unavailable", error_type=type(error).__name__, exc_info=error)
        else:  # a refusal the API means, 503s included (overloaded, a read side behind)
            log.info("request_refused", status=problem.status, rule=problem.rule)
    problem.request_id = structlog.contextvars.get_contextvars().get("request_id")
    return problem_response(problem, headers)


async def _handle(request: Request, error: Exception) -> JSONResponse:
    return render(error)


def install_problem_handlers(app: FastAPI) -> None:
    """Route the expected errors to problem responses (the catch-all is the middleware's)."""
    expected = (
        DomainError, HttpProblem, RequestValidationError, HTTPException, OperationalError,
        OverflowError,
    )
    for error_type in expected:
        app.add_exception_handler(error_type, _handle)
