"""HRIS webhooks: POST /hris/webhooks/{source}, one contract message per delivery.

No API key: the signature is the authentication. Each source has its own secret(s)
(MENTORING_HRIS_WEBHOOK_SECRETS); the sender signs ``f"{timestamp}.{raw body}"`` with
HMAC-SHA256 and sends

    X-Mentoring-Timestamp: <unix seconds>
    X-Mentoring-Signature: sha256=<hex digest>

A delivery whose signature does not match, or whose timestamp is further than the tolerance
(default 300 s) from now, is refused with 401 before its body is even parsed: nothing is
recorded. The body is one message of the HRIS contract (gateways/entrypoints/hris/contract.py),
applied through the same path as the Kafka consumer's (``attempt``): its ``event_id`` is the
command id, so a replayed delivery within the tolerance has no second effect (the command log).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from domain.commands import CommandLog
from gateways.entrypoints.hris.contract import HrisMessage, MalformedMessage, parse_message
from gateways.entrypoints.hris.outcomes import APPLIED, DEAD_LETTERED, PARKED, attempt
from gateways.entrypoints.http.problems import PROBLEM_MEDIA_TYPE, HttpProblem, Problem
from gateways.observability import metrics
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)

TIMESTAMP_HEADER = "X-Mentoring-Timestamp"
SIGNATURE_HEADER = "X-Mentoring-Signature"
SIGNATURE_SCHEME = "sha256="
DEFAULT_TOLERANCE_SECONDS = 300.0
SOURCE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``: ``sha256=<hex>``."""
    signed = f"{timestamp}.".encode() + body
    return SIGNATURE_SCHEME + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def parse_secrets(text: str) -> dict[str, list[str]]:
    """``source=secret`` pairs, separated by commas or new lines (``#`` starts a comment).

    A source may be named more than once: each of its secrets is accepted (for rotation).
    """
    secrets: dict[str, list[str]] = {}
    for raw in text.replace(",", "\n").splitlines():
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        source, sep, secret = item.partition("=")
        source, secret = source.strip(), secret.strip()
        if not sep or not source or not secret:
            raise ValueError("each webhook secret is `source=secret`")
        secrets.setdefault(source, []).append(secret)
    return secrets


class WebhookRefused(Exception):
    """The delivery is not authentic (or not fresh); ``reason`` says why, for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class WebhookAuthenticator:
    """Checks a delivery's signature against its source's secrets, and its timestamp's age."""

    secrets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    tolerance_seconds: float = DEFAULT_TOLERANCE_SECONDS
    clock: Callable[[], float] = time.time

    def verify(
        self, source: str, timestamp: str | None, signature: str | None, body: bytes
    ) -> None:
        """Return if authentic and fresh; raise WebhookRefused otherwise."""
        secrets = self.secrets.get(source)
        if not secrets:
            raise WebhookRefused("no secret is configured for this source")
        if not timestamp or not signature:
            raise WebhookRefused(f"send {TIMESTAMP_HEADER} and {SIGNATURE_HEADER}")
        try:
            sent_at = int(timestamp)
        except ValueError:
            raise WebhookRefused(f"{TIMESTAMP_HEADER} is not unix seconds") from None
        if abs(self.clock() - sent_at) > self.tolerance_seconds:
            raise WebhookRefused("the timestamp is outside the tolerance")
        given = signature.strip().encode()
        if not any(hmac.compare_digest(given, sign(s, sent_at, body).encode()) for s in secrets):
            raise WebhookRefused("the signature does not match")


class WebhookOutcome(BaseModel):
    """What the delivery came to: applied, or a duplicate of one already applied."""

    event_id: str
    outcome: Literal["applied", "duplicate"]


router = APIRouter(tags=["hris webhooks"])
Source = Annotated[str, Path(pattern=SOURCE_PATTERN, description="the sending HRIS, e.g. workday")]


def _problem(description: str) -> dict[str, object]:
    return {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}, "description": description}


@router.post(
    "/hris/webhooks/{source}",
    summary="Receive one HRIS message (signed webhook)",
    responses={
        401: _problem("a wrong or missing signature, an unknown source, or a stale timestamp"),
        409: _problem("the employee is not hired yet: nothing recorded, deliver again later"),
        415: _problem("a body that is not application/json in UTF-8"),
        422: _problem("the body breaks the HRIS contract, or a business rule refused it"),
        503: _problem("the event store did not take the change; deliver again"),
    },
    openapi_extra={
        "parameters": [
            {"name": TIMESTAMP_HEADER, "in": "header", "required": True,
             "schema": {"type": "string"}, "description": "unix seconds when signed"},
            {"name": SIGNATURE_HEADER, "in": "header", "required": True,
             "schema": {"type": "string"},
             "description": "sha256=<hex HMAC-SHA256 of f'{timestamp}.{body}'>"},
        ],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"type": "object", "description": "one HRIS contract message"}}}},
    },
)
async def receive(source: Source, request: Request) -> WebhookOutcome:
    """Authenticate the delivery, then apply it as the HRIS consumer applies a record."""
    body = await request.body()
    authenticator: WebhookAuthenticator = getattr(
        request.app.state, "webhooks", None
    ) or WebhookAuthenticator()
    try:
        authenticator.verify(
            source,
            request.headers.get(TIMESTAMP_HEADER),
            request.headers.get(SIGNATURE_HEADER),
            body,
        )
    except WebhookRefused as refused:
        log.warning("hris_webhook_refused", source=source, reason=refused.reason)
        metrics.WEBHOOKS_REFUSED.labels(source if source in authenticator.secrets else "?").inc()
        raise HttpProblem(401, "unauthenticated", f"webhook refused: {refused.reason}") from None
    try:
        message = parse_message(body)
    except MalformedMessage as error:
        metrics.HRIS_RECORDS.labels("webhook", "malformed").inc()
        raise HttpProblem(422, "malformed-message", error.reason) from None
    service: MentoringService = request.app.state.service
    outcome, reason = await run_in_threadpool(_apply, service, message)
    log.info("hris_webhook_handled", source=source, event_id=message.event_id, outcome=outcome)
    metrics.HRIS_RECORDS.labels("webhook", outcome).inc()
    if outcome == PARKED:
        raise HttpProblem(409, "employee-not-found", reason or "employee not hired yet")
    if outcome == DEAD_LETTERED:
        raise HttpProblem(422, "message-refused", reason or "refused")
    return WebhookOutcome(event_id=message.event_id, outcome="applied" if outcome == APPLIED
                          else "duplicate")


def _apply(service: MentoringService, message: HrisMessage) -> tuple[str, str | None]:
    """The consumer's ``attempt``, telling a duplicate (already in the command log) apart."""
    if _handled_before(service, message.event_id):
        return "duplicate", None
    return attempt(service, message)


def _handled_before(service: MentoringService, event_id: str) -> bool:
    return CommandLog.create_id(event_id) in service.repository
