"""How stored events and tracking positions look as Kafka records, readable without our code.

Event records (events topic, and snapshots topic without notification_id and hash):

- key: the originator (aggregate) id, UTF-8 (a UUID in its canonical 36-character form)
- value: the stored event's state, exactly the bytes the mapper produced (JSON, unless a
  cipher or compressor is configured, in which case it is opaque by choice)
- headers, in this order, all UTF-8 text:
  ``schema`` (``mentoring-es/1``, marks our records), ``event_type`` (the mapper's topic string),
  ``originator_version``, ``notification_id`` (dense, from 1), ``recorded_at`` (ISO-8601 UTC),
  ``hash`` (hex SHA-256 chaining the events topic; see ``chain_hash``)

Tracking records (tracking topic, compacted): key = upstream application name, value = JSON
``{"application_name": ..., "notification_id": ...}``, headers ``schema`` and ``recorded_at``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent, Tracking

from gateways.kafka_store.errors import ForeignRecordError

SCHEMA = "mentoring-es/1"
SCHEMA_HEADER = "schema"
EVENT_TYPE = "event_type"
ORIGINATOR_VERSION = "originator_version"
NOTIFICATION_ID = "notification_id"
RECORDED_AT = "recorded_at"
HASH = "hash"
GENESIS_HASH = "0" * 64

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True)
class EncodedRecord:
    """What is sent to Kafka for one event or tracking position."""

    key: bytes
    value: bytes
    headers: Headers
    hash: str | None = None

    @property
    def size(self) -> int:
        """An upper estimate of the record's size in a record batch."""
        return (
            len(self.key) + len(self.value) + sum(len(k) + len(v) + 8 for k, v in self.headers) + 64
        )


@dataclass(frozen=True)
class DecodedEvent:
    """An event record read back: the stored event and where it sits."""

    stored_event: StoredEvent
    notification_id: int | None
    hash: str | None
    offset: int


def encode_event(
    event: StoredEvent,
    *,
    recorded_at: datetime,
    notification_id: int | None = None,
    previous_hash: str | None = None,
) -> EncodedRecord:
    """Encode one stored event; with a notification id it also carries the chained hash."""
    key = str(event.originator_id).encode()
    headers: Headers = [
        (SCHEMA_HEADER, SCHEMA.encode()),
        (EVENT_TYPE, event.topic.encode()),
        (ORIGINATOR_VERSION, str(event.originator_version).encode()),
    ]
    if notification_id is not None:
        headers.append((NOTIFICATION_ID, str(notification_id).encode()))
    headers.append((RECORDED_AT, recorded_at.isoformat().encode()))
    if previous_hash is None:
        return EncodedRecord(key, event.state, headers)
    digest = chain_hash(previous_hash, key, event.state, headers)
    return EncodedRecord(key, event.state, [*headers, (HASH, digest.encode())], digest)


def chain_hash(
    previous_hash: str, key: bytes, value: bytes, headers: Sequence[tuple[str, bytes]]
) -> str:
    """Hex SHA-256 over the previous hash, the key, the value and every header but ``hash``.

    Each part is preceded by its length as 8 bytes big-endian; a header is ``name=value``.
    The first record of the events topic chains from 64 zeros (GENESIS_HASH).
    """
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    parts = [key, value, *(name.encode() + b"=" + raw for name, raw in headers if name != HASH)]
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def decode_event(record: Any, *, with_notification_id: bool) -> DecodedEvent:
    """Decode a consumed record, refusing anything that is not one of ours."""
    headers = _our_headers(record)
    try:
        version = int(headers[ORIGINATOR_VERSION])
        topic = headers[EVENT_TYPE]
        notification_id = int(headers[NOTIFICATION_ID]) if with_notification_id else None
        digest = headers.get(HASH)
        if with_notification_id and (digest is None or len(digest) != 64):
            raise ValueError("missing or malformed hash header")
    except (KeyError, ValueError) as error:
        raise ForeignRecordError(record.topic, record.offset, f"bad headers: {error}") from None
    stored = StoredEvent(
        originator_id=_originator_id(record.key.decode()),
        originator_version=version,
        topic=topic,
        state=record.value if record.value is not None else b"",
    )
    return DecodedEvent(stored, notification_id, digest, record.offset)


def encode_tracking(tracking: Tracking, *, recorded_at: datetime) -> EncodedRecord:
    """Encode a tracking position as a compacted record keyed by the upstream application."""
    value = {
        "application_name": tracking.application_name,
        "notification_id": tracking.notification_id,
    }
    return EncodedRecord(
        tracking.application_name.encode(),
        json.dumps(value).encode(),
        [(SCHEMA_HEADER, SCHEMA.encode()), (RECORDED_AT, recorded_at.isoformat().encode())],
    )


def decode_tracking(record: Any) -> Tracking:
    """Decode a tracking record, refusing anything that is not one of ours."""
    _our_headers(record)
    try:
        value = json.loads(record.value)
        return Tracking(str(value["application_name"]), int(value["notification_id"]))
    except (TypeError, ValueError, KeyError) as error:
        raise ForeignRecordError(record.topic, record.offset, f"bad value: {error}") from None


def _our_headers(record: Any) -> dict[str, str]:
    try:
        headers = {name: raw.decode() for name, raw in record.headers or []}
    except (UnicodeDecodeError, AttributeError):
        raise ForeignRecordError(record.topic, record.offset, "headers are not UTF-8") from None
    if headers.get(SCHEMA_HEADER) != SCHEMA:
        raise ForeignRecordError(record.topic, record.offset, f"no {SCHEMA_HEADER}={SCHEMA} header")
    if record.key is None:
        raise ForeignRecordError(record.topic, record.offset, "no key")
    return headers


def _originator_id(text: str) -> UUID | str:
    """Canonical UUID strings come back as UUIDs (what the mapper wrote); other ids as text."""
    if len(text) == 36:
        try:
            uuid = UUID(text)
        except ValueError:
            return text
        if str(uuid) == text:
            return uuid
    return text
