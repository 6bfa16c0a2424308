"""Audit over HTTP (auditor, admin): histories, state as of an instant, chain verification.

Histories come as a JSON array, or streamed as JSON Lines with ``?format=jsonl`` (or
``Accept: application/x-ndjson``). Private texts (the fields events declare private: memos,
kickoff answers, request reasons, ...) are shown to admins only, and each such admin read is
recorded; ``/audit/private-reads`` lists the recorded reads of private texts.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import TopicError, resolve_topic
from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse

from domain.base import MentoringAggregate
from domain.errors import NotFound
from domain.mentorships import Mentorship
from gateways.audit.as_of import state_as_of
from gateways.audit.history import aggregate_history, employee_history
from gateways.audit.log import EventLog
from gateways.audit.logic.as_of import AggregateState, NothingRecordedYet
from gateways.audit.logic.entries import HistoryEntry
from gateways.audit.logic.export import json_lines
from gateways.audit.logic.privacy import REDACTED
from gateways.audit.logic.verdict import AlteredEvent, Anchor, ChainVerdict
from gateways.audit.verify import StoreKeepsNoChain, verify_store
from gateways.entrypoints.http import private_reads as reads
from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import ServiceDep
from gateways.entrypoints.http.models.common import HRIS_ID_PATTERN
from gateways.entrypoints.http.models.views import list_of, view_of
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import EmployeePath, api_router
from services.mentoring import MentoringService

router = api_router("audit")

AuditCaller = Annotated[Caller, Depends(require(Role.AUDITOR, Role.ADMIN))]
Raw = Annotated[bool, Query(description="also return each event as originally recorded")]
Format = Annotated[Literal["json", "jsonl"] | None, Query(description="json (default) or jsonl")]
JSONL = "application/x-ndjson"
JSONL_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "The history: a JSON array, or JSON Lines (one HistoryLine per line) with "
    "`?format=jsonl` or `Accept: application/x-ndjson`",
    "content": {JSONL: {"schema": {"type": "string",
                                   "description": "one HistoryLine JSON object per line"}}},
}}
"""The JSON Lines media type the histories may answer, declared next to the JSON array."""


HistoryLine = view_of(
    HistoryEntry, "HistoryLine",
    "One recorded event: type, business date, recorded time, actor, version, position.",
    required=("decoded",),
)
AggregateStateView = view_of(
    AggregateState, "AggregateStateView", "An aggregate as it was, replayed from its events."
)
AlteredEventView = view_of(
    AlteredEvent, "AlteredEventView",
    "The first event whose content, order or presence differs from what was recorded.",
)
VerdictView = view_of(
    ChainVerdict, "VerdictView", "The outcome of walking the store's hash chain.",
    types={"altered": AlteredEventView | None}, required=("altered",), first={"ok": (bool, ...)},
)


class HistoryReading:
    """What the history routes share: the log, whether private texts show, raw events asked
    for, and the format (a JSON array, or JSON Lines by ``?format=jsonl`` or the Accept header)."""

    def __init__(self, caller: AuditCaller, service: ServiceDep, request: Request,
                 raw: Raw = False, format: Format = None) -> None:
        self.caller, self.service = caller, service
        self.log = EventLog(service.recorder, service.mapper)
        self.options = {"with_raw": raw, "private": caller.role is Role.ADMIN}
        accepts = request.headers.get("accept", "")
        self.streams = format == "jsonl" or (format is None and JSONL in accepts)

    def record_read(self, subject: str, route: str, mentorship_id: UUID | None = None) -> None:
        """An admin sees private texts unredacted: record the read before answering."""
        if self.options["private"]:
            what = reads.PrivateSubject(route=route, subject=subject, mentorship_id=mentorship_id)
            reads.record_private_read(self.service, self.caller, what)

    def respond(self, entries: Iterator[HistoryEntry], what: str) -> Any:
        """The entries, streamed or as an array (404 naming ``what`` when there are none)."""
        if self.streams:
            return StreamingResponse(json_lines(e.to_json() for e in entries), media_type=JSONL)
        lines = [HistoryLine(**entry.to_json()) for entry in entries]
        if not lines:
            raise HttpProblem(404, "not-found", f"no events recorded for {what}")
        return lines


History = Annotated[HistoryReading, Depends()]


@router.get("/audit/aggregates/{aggregate_id}/history", summary="An aggregate's history",
            response_model=list_of(HistoryLine), responses=JSONL_RESPONSES)
def get_aggregate_history(aggregate_id: UUID, reading: History) -> Any:
    """Every event of the aggregate, in recorded order (an admin's read is recorded)."""
    reading.record_read(str(aggregate_id), "audit-aggregate-history",
                        mentorship_id=mentorship_of(reading.service, aggregate_id))
    return reading.respond(
        aggregate_history(reading.log, aggregate_id, **reading.options), str(aggregate_id)
    )


@router.get("/audit/employees/{hris_id}/history", summary="An employee's history",
            response_model=list_of(HistoryLine), responses=JSONL_RESPONSES)
def get_employee_history(hris_id: EmployeePath, reading: History) -> Any:
    """Every event concerning the employee across aggregates (scans the whole log; an admin's
    read is recorded)."""
    reading.record_read(hris_id, "audit-employee-history")
    entries = employee_history(reading.log, hris_id, **reading.options)
    return reading.respond(entries, f"employee {hris_id}")


def mentorship_of(service: MentoringService, aggregate_id: UUID) -> UUID | None:
    """``aggregate_id`` when it names a mentorship, else None."""
    try:
        service.load(Mentorship, aggregate_id)
    except NotFound:
        return None
    return aggregate_id


PrivateReadView = view_of(
    reads.RecordedRead, "PrivateReadView",
    "One recorded read of private texts: who, through which key role, when, of what.",
    types={"concerns": list[str]},
)


@router.get("/audit/private-reads", summary="Who read private texts, and when",
            response_model=list_of(PrivateReadView))
def get_private_reads(
    caller: AuditCaller, service: ServiceDep,
    employee: Annotated[str | None, Query(
        pattern=HRIS_ID_PATTERN, description="reads by this employee, or of their texts",
    )] = None,
    mentorship: Annotated[UUID | None, Query(description="reads of this mentorship")] = None,
) -> Any:
    """Every recorded read of private texts (memo texts, kickoff answers, unredacted audit
    histories), oldest first; scans the log."""
    return [
        PrivateReadView(**{**asdict(read), "concerns": list(read.concerns)})
        for read in reads.private_reads(service, employee=employee, mentorship=mentorship)
    ]


@router.get("/audit/aggregates/{aggregate_id}/state", summary="An aggregate's state as of",
            response_model=AggregateStateView)
def get_state_as_of(
    aggregate_id: UUID, caller: AuditCaller, service: ServiceDep,
    version: Annotated[int | None, Query(ge=1, description="as of this version")] = None,
    at: Annotated[datetime | None, Query(description="as of this recorded time (ISO)")] = None,
) -> Any:
    """The state replayed from the events up to a version or a recorded time (else all).

    Attributes that hold a private text (a request's reason, a story's text: a text attribute
    named as a private field of the aggregate's events) are redacted for auditors; an admin
    sees them, and that read is recorded."""
    instant = None if at is None else at if at.tzinfo else at.replace(tzinfo=UTC)
    try:
        found = state_as_of(service, aggregate_id, version=version, at=instant)
    except (AggregateNotFoundError, NothingRecordedYet) as error:
        raise HttpProblem(404, "not-found", str(error) or f"{aggregate_id} not found") from None
    view = found.to_json()
    private = {name for name in private_attributes(found.aggregate_type)
               if isinstance(view["state"].get(name), str)}  # texts, not e.g. a goals table
    if private and caller.role is Role.ADMIN:
        reads.record_private_read(service, caller, reads.PrivateSubject(
            route="audit-aggregate-state", subject=str(aggregate_id),
            mentorship_id=mentorship_of(service, aggregate_id),
        ))
    elif private:
        view["state"] = {name: REDACTED if name in private else value
                         for name, value in view["state"].items()}
    return AggregateStateView(**view)


def private_attributes(aggregate_topic: str) -> frozenset[str]:
    """The names its events declare private, which the aggregate may keep as attributes."""
    try:
        aggregate = resolve_topic(aggregate_topic)
    except (TopicError, ValueError):
        return frozenset()
    names: set[str] = set()
    for member in vars(aggregate).values():
        if inspect.isclass(member) and issubclass(member, MentoringAggregate.Event):
            names |= member.private_fields
    return frozenset(names)


@router.get("/audit/verify", summary="Verify the event log's hash chain",
            response_model=VerdictView)
def get_verification(
    caller: AuditCaller, service: ServiceDep,
    anchor: Annotated[str | None, Query(
        description="N:HASH noted at an earlier audit: the chain must still pass through it",
        pattern=r"^[0-9]+:[0-9a-fA-F]{64}$",
    )] = None,
) -> Any:
    """Walk the whole log; name the first event whose content, order or presence changed."""
    try:
        noted = Anchor.parse(anchor) if anchor else None
    except ValueError as error:
        raise HttpProblem(422, "invalid-anchor", str(error)) from None
    try:
        verdict = verify_store(service, anchor=noted)
    except StoreKeepsNoChain as error:
        raise HttpProblem(409, "store-keeps-no-chain", str(error)) from None
    return VerdictView(**verdict.to_json())
