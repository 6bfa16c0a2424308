"""Audit over HTTP (auditor, admin): histories, state as of an instant, chain verification.

Histories come as a JSON array, or streamed as JSON Lines with ``?format=jsonl`` (or
``Accept: application/x-ndjson``). Private texts (the fields events declare private: memos,
kickoff answers, request reasons, ...) are shown to admins only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from gateways.audit.as_of import state_as_of
from gateways.audit.history import aggregate_history, employee_history
from gateways.audit.log import EventLog
from gateways.audit.logic.as_of import NothingRecordedYet
from gateways.audit.logic.entries import HistoryEntry
from gateways.audit.logic.export import json_lines
from gateways.audit.logic.verdict import Anchor
from gateways.audit.verify import StoreKeepsNoChain, verify_store
from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import ServiceDep
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import EmployeePath, api_router

router = api_router("audit")

AuditCaller = Annotated[Caller, Depends(require(Role.AUDITOR, Role.ADMIN))]
Raw = Annotated[bool, Query(description="also return each event as originally recorded")]
Format = Annotated[Literal["json", "jsonl"] | None, Query(description="json (default) or jsonl")]
JSONL = "application/x-ndjson"


class HistoryLine(BaseModel):
    """One recorded event: type, business date, recorded time, actor, version, position."""

    notification_id: int | None
    aggregate_id: str
    version: int
    event_type: str
    topic: str
    effective_date: str | None
    recorded_at: str | None
    actor: str | None
    schema_version: int
    data: dict[str, Any]
    raw: dict[str, Any] | None = None
    decoded: bool


class AggregateStateView(BaseModel):
    """An aggregate as it was, replayed from its events."""

    aggregate_id: str
    aggregate_type: str
    version: int
    created_at: str
    modified_at: str
    state: dict[str, Any]


class AlteredEventView(BaseModel):
    """The first event whose content, order or presence differs from what was recorded."""

    position: int | None
    notification_id: int | None
    expected_notification_id: int
    aggregate_id: str | None
    version: int | None
    event_type: str | None
    reason: str


class VerdictView(BaseModel):
    """The outcome of walking the store's hash chain."""

    ok: bool
    store: str
    log: str
    events_verified: int
    head_hash: str
    altered: AlteredEventView | None
    anchor_hash: str | None = None


def _respond(
    request: Request, entries: Iterator[HistoryEntry], fmt: str | None, what: str
) -> Any:
    if fmt == "jsonl" or (fmt is None and JSONL in request.headers.get("accept", "")):
        return StreamingResponse(json_lines(e.to_json() for e in entries), media_type=JSONL)
    lines = [HistoryLine(**entry.to_json()) for entry in entries]
    if not lines:
        raise HttpProblem(404, "not-found", f"no events recorded for {what}")
    return lines


@router.get("/audit/aggregates/{aggregate_id}/history", summary="An aggregate's history",
            response_model=list[HistoryLine])
def get_aggregate_history(aggregate_id: UUID, caller: AuditCaller, service: ServiceDep,
                          request: Request, raw: Raw = False, format: Format = None) -> Any:
    """Every event of the aggregate, in recorded order."""
    entries = aggregate_history(EventLog(service.recorder, service.mapper), aggregate_id,
                                with_raw=raw, private=caller.role is Role.ADMIN)
    return _respond(request, entries, format, str(aggregate_id))


@router.get("/audit/employees/{hris_id}/history", summary="An employee's history",
            response_model=list[HistoryLine])
def get_employee_history(hris_id: EmployeePath, caller: AuditCaller, service: ServiceDep,
                         request: Request, raw: Raw = False, format: Format = None) -> Any:
    """Every event concerning the employee across aggregates (scans the whole log)."""
    entries = employee_history(EventLog(service.recorder, service.mapper), hris_id,
                               with_raw=raw, private=caller.role is Role.ADMIN)
    return _respond(request, entries, format, f"employee {hris_id}")


@router.get("/audit/aggregates/{aggregate_id}/state", summary="An aggregate's state as of")
def get_state_as_of(
    aggregate_id: UUID, caller: AuditCaller, service: ServiceDep,
    version: Annotated[int | None, Query(ge=1, description="as of this version")] = None,
    at: Annotated[datetime | None, Query(description="as of this recorded time (ISO)")] = None,
) -> AggregateStateView:
    """The state replayed from the events up to a version or a recorded time (else all)."""
    instant = None if at is None else at if at.tzinfo else at.replace(tzinfo=UTC)
    try:
        found = state_as_of(service, aggregate_id, version=version, at=instant)
    except (AggregateNotFoundError, NothingRecordedYet) as error:
        raise HttpProblem(404, "not-found", str(error) or f"{aggregate_id} not found") from None
    return AggregateStateView(**found.to_json())


@router.get("/audit/verify", summary="Verify the event log's hash chain")
def get_verification(
    caller: AuditCaller, service: ServiceDep,
    anchor: Annotated[str | None, Query(
        description="N:HASH noted at an earlier audit: the chain must still pass through it",
        pattern=r"^[0-9]+:[0-9a-fA-F]{64}$",
    )] = None,
) -> VerdictView:
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
