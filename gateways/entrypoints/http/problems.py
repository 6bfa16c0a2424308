"""RFC 9457 problem details: the one shape of every error the API returns."""

from __future__ import annotations

import json
from collections.abc import Mapping

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

PROBLEM_BASE = "https://mentoring.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An error response (application/problem+json) with a stable ``type`` per rule."""

    type: str = Field(examples=[PROBLEM_BASE + "mentor-at-capacity"])
    title: str
    status: int
    detail: str | None = None
    rule: str | None = Field(default=None, description="the stable code at the end of `type`")
    request_id: str | None = None
    current_version: int | None = Field(default=None, description="on version conflicts")
    errors: list[FieldError] | None = Field(default=None, description="on invalid input")


class HttpProblem(Exception):
    """A problem raised by the HTTP layer itself (authentication, headers, idempotency)."""

    def __init__(
        self,
        status: int,
        rule: str,
        detail: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.rule = rule
        self.detail = detail
        self.headers = dict(headers or {})


class ProblemResponse(JSONResponse):
    """problem+json, ASCII-escaped: a detail quoting odd input can never fail to encode."""

    media_type = PROBLEM_MEDIA_TYPE

    def render(self, content: object) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def problem_response(
    problem: Problem, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """Render a problem with its media type, leaving out the fields that do not apply."""
    return ProblemResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=problem.status,
        headers=dict(headers or {}),
        media_type=PROBLEM_MEDIA_TYPE,
    )


def make_problem(status: int, rule: str, title: str, detail: str | None = None) -> Problem:
    """A problem whose ``type`` is the stable URI of ``rule``."""
    return Problem(type=PROBLEM_BASE + rule, title=title, status=status, detail=detail, rule=rule)


PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}, "description": text}
    for status, text in {
        401: "no API key, or an unknown one",
        403: "the key's role may not call this endpoint, or the acting employee may not act here",
        404: "an id in the path names nothing",
        409: "stale If-Match version, or a business rule refused the command",
        415: "a request body that is not application/json in UTF-8",
        422: "invalid input, or an Idempotency-Key reused with a different body",
        503: "the event store did not take the change, or its commit got no answer (rule"
             " outcome-unknown), or too many commands are in flight (rule overloaded); retry"
             " with the same Idempotency-Key after Retry-After",
    }.items()
}
"""The error responses every API route declares in the OpenAPI schema."""
