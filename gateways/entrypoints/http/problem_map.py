"""How exceptions become problems: domain errors by base class and ``rule``, the rest generic.

The issue fixes the statuses: 404 for an unknown id, 409 for a stale version or a rule refused
by the current state (a mentor at capacity, a closed round), 422 for invalid input. The domain's
``RuleViolation`` covers both of the last two, so the few rules that judge only the input are
listed here as 422. The rules that refuse who acts (someone outside the pair, a mentor the
request is not addressed to, a nominator the program does not allow) are 403: this is the one
place that says so.
"""

from __future__ import annotations

import re

from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from domain import errors
from domain.permissions import NotPermitted
from gateways.entrypoints.http.problems import FieldError, HttpProblem, Problem, make_problem

INPUT_RULES: tuple[type[errors.DomainError], ...] = (
    errors.InvalidValue,
    errors.InvalidChoices,
    errors.SelfMatch,
)

FORBIDDING_RULES: tuple[type[errors.DomainError], ...] = (
    NotPermitted,
    errors.NotAParticipant,
    errors.NotAddressedMentor,
    errors.NotRequestingMentee,
)
"""The domain's refusals of the actor: 403, typed by their own rule."""

STATUS_RULES = {
    400: "malformed-body",
    404: "no-such-route",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "request-too-large",
    415: "unsupported-media-type",
}


def status_of(error: errors.DomainError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(error, errors.NotFound):
        return 404
    if isinstance(error, FORBIDDING_RULES):
        return 403
    if isinstance(error, INPUT_RULES):
        return 422
    if isinstance(error, errors.Conflict | errors.RuleViolation):
        return 409
    return 422


def title_of(error_type: type[BaseException]) -> str:
    """A readable title from the class name: MentorAtCapacity → 'Mentor at capacity'."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", error_type.__name__).lower()
    return words[:1].upper() + words[1:]


def domain_problem(error: errors.DomainError) -> Problem:
    """The problem for a domain error, typed by its stable ``rule`` code."""
    problem = make_problem(status_of(error), error.rule, title_of(type(error)), error.message)
    if isinstance(error, errors.VersionConflict):
        problem.current_version = error.current_version
    return problem


def validation_problem(error: RequestValidationError) -> Problem:
    """422 listing each invalid input, without echoing the input back."""
    problem = make_problem(422, "invalid-input", "Invalid input", "the request is not valid")
    problem.errors = [
        FieldError(
            loc=[part if isinstance(part, int) else str(part) for part in item.get("loc", ())],
            msg=str(item.get("msg", "")),
            type=str(item.get("type", "")),
        )
        for item in error.errors()
    ]
    return problem


def http_problem(error: HttpProblem) -> Problem:
    """The problem for an error the HTTP layer raised itself."""
    return make_problem(error.status, error.rule, title_of_rule(error.rule), error.detail)


def status_problem(error: HTTPException) -> Problem:
    """The problem for Starlette's own errors (unknown route, wrong method, bad body).

    A body FastAPI cannot parse (400) is invalid input like any other: 422.
    """
    rule = STATUS_RULES.get(error.status_code, "http-error")
    status = 422 if error.status_code == 400 else error.status_code
    return make_problem(status, rule, title_of_rule(rule), str(error.detail))


def store_problem() -> Problem:
    """503: the store refused or lost the write (nothing to blame on the request); retry it."""
    return make_problem(
        503, "store-unavailable", "Store unavailable",
        "the event store did not take the change; retry (with the same Idempotency-Key)",
    )


def outcome_unknown_problem() -> Problem:
    """503: the store's commit got no answer, so the change may or may not be recorded. Retry
    with the same Idempotency-Key: a command already recorded is not run twice."""
    return make_problem(
        503, "outcome-unknown", "Outcome unknown",
        "the event store may or may not have recorded the change (its commit got no answer);"
        " retry with the same Idempotency-Key: a change already recorded is not made twice",
    )


def overflow_problem() -> Problem:
    """422: a number or date from the request is beyond what the store or the calendar holds."""
    return make_problem(
        422, "value-out-of-range", "Value out of range",
        "a number or date in the request is too large to record or compute with",
    )


def internal_problem() -> Problem:
    """500 without anything of the failure in it: the log has the details."""
    return make_problem(500, "internal-error", "Internal error", "see the server log")


def title_of_rule(rule: str) -> str:
    """'idempotency-key-reused' → 'Idempotency key reused'."""
    text = rule.replace("-", " ")
    return text[:1].upper() + text[1:]
