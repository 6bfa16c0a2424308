"""One line of an audit history: a recorded event, decoded, with where and when it sits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import structlog
from eventsourcing.persistence import Mapper, StoredEvent

from gateways.audit.logic.jsonable import jsonable
from gateways.audit.logic.privacy import redact
from gateways.audit.logic.raw import stored_class_version, stored_json

log = structlog.get_logger(__name__)

COMMON = ("originator_id", "originator_version", "timestamp", "actor", "effective_date")


@dataclass(frozen=True)
class HistoryEntry:
    """A recorded event as an auditor reads it.

    ``data`` is the event's fields as the current code reads them (after any upcast);
    ``raw`` is, on request, the stored state exactly as recorded (before upcasting).
    ``decoded`` is False when the event could not be decoded (then ``data`` is the raw state).
    """

    notification_id: int | None
    aggregate_id: str
    version: int
    event_type: str
    topic: str
    effective_date: str | None
    recorded_at: str | None
    actor: str | None
    schema_version: int
    data: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] | None = None
    decoded: bool = True

    def to_json(self) -> dict[str, Any]:
        """The entry as a JSON object (``raw`` only when it was asked for)."""
        result = asdict(self)
        if self.raw is None:
            del result["raw"]
        return result


def describe(
    mapper: Mapper[Any],
    stored: StoredEvent,
    notification_id: int | None,
    *,
    with_raw: bool = False,
    private: bool = False,
) -> HistoryEntry:
    """Decode ``stored`` with the application's mapper (falling back to its raw form)."""
    raw = stored_json(mapper, stored)
    try:
        fields = {k: jsonable(v) for k, v in vars(mapper.to_domain_event(stored)).items()}
        decoded = True
    except Exception as error:  # an unknown topic or undecodable state: show what is stored
        log.warning("audit_event_undecodable", topic=stored.topic, error=str(error))
        fields, decoded = dict(raw or {}), False
    data = {k: v for k, v in fields.items() if k not in COMMON and k != "class_version"}
    shown_raw = {"topic": stored.topic, "state": raw} if with_raw else None
    if not private:
        data = redact(stored.topic, data)
        if shown_raw is not None and raw is not None:
            shown_raw["state"] = redact(stored.topic, raw)
    return HistoryEntry(
        notification_id=notification_id,
        aggregate_id=str(stored.originator_id),
        version=stored.originator_version,
        event_type=stored.topic.partition(":")[2] or stored.topic,
        topic=stored.topic,
        effective_date=_text(fields.get("effective_date")),
        recorded_at=_text(fields.get("timestamp")),
        actor=_text(fields.get("actor")),
        schema_version=stored_class_version(raw),
        data=data,
        raw=shown_raw,
        decoded=decoded,
    )


def _text(value: Any) -> str | None:
    if isinstance(value, dict):  # a raw transcoded value: {"_type_": ..., "_data_": ...}
        value = value.get("_data_")
    return None if value is None else str(value)
