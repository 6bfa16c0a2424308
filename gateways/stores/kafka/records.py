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
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import StoredEvent, Tracking

from gateways.stores.kafka.errors import ForeignRecordError
from gateways.stores.kafka.originator_ids import originator_id
from gateways.stores.kafka.protocol.varints import varint

SCHEMA = "mentoring-es/1"
SCHEMA_HEADER = "schema"
EVENT_TYPE = "event_type"
ORIGINATOR_VERSION = "originator_version"
NOTIFICATION_ID = "notification_id"
RECORDED_AT = "recorded_at"
HASH = "hash"
GENESIS_HASH = "0" * 64

Headers = list[tuple[str, bytes]]


class EncodedRecord:
    """What is sent to Kafka for one event or tracking position.

    ``tail`` is the record as a record batch holds it, from the key length on (key, value,
    header count, headers); ``size`` bounds the whole record's size in a batch.
    """

    __slots__ = ("key", "value", "headers", "hash", "tail", "size")

    def __init__(
        self, key: bytes, value: bytes, headers: Headers, hash: str | None = None
    ) -> None:
        self.key, self.value, self.headers, self.hash = key, value, headers, hash
        parts = [varint(len(key)), key, varint(len(value)), value, varint(len(headers))]
        for name, raw in headers:
            parts += (_HEADER_NAMES.get(name) or _header_name(name), varint(len(raw)), raw)
        self.tail = b"".join(parts)
        self.size = len(self.tail) + 16  # + length, attributes, timestamp and offset deltas

    def __repr__(self) -> str:
        return f"EncodedRecord(key={self.key!r}, headers={self.headers!r}, hash={self.hash!r})"


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
    originator_text: str | None = None,
) -> EncodedRecord:
    """Encode one stored event; with a notification id it also carries the chained hash."""
    key = (originator_text or str(event.originator_id)).encode()
    headers: Headers = [
        (SCHEMA_HEADER, _SCHEMA_BYTES),
        (EVENT_TYPE, event.topic.encode()),
        (ORIGINATOR_VERSION, str(event.originator_version).encode()),
    ]
    if notification_id is not None:
        headers.append((NOTIFICATION_ID, str(notification_id).encode()))
    headers.append((RECORDED_AT, _iso_bytes(recorded_at)))
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
    chunks = [previous_hash.encode("ascii"), _length(len(key)), key, _length(len(value)), value]
    for name, raw in headers:
        if name != HASH:
            prefix = _HEADER_PREFIXES.get(name) or _header_prefix(name)
            chunks += (_length(len(prefix) + len(raw)), prefix, raw)
    return hashlib.sha256(b"".join(chunks)).hexdigest()


_SCHEMA_BYTES = SCHEMA.encode()


_length = struct.Struct(">Q").pack
_HEADER_PREFIXES: dict[str, bytes] = {}


def _header_prefix(name: str) -> bytes:
    prefix = name.encode() + b"="
    if len(_HEADER_PREFIXES) < 64:
        _HEADER_PREFIXES[name] = prefix
    return prefix


_HEADER_NAMES: dict[str, bytes] = {}


def _header_name(name: str) -> bytes:
    raw = name.encode()
    encoded = varint(len(raw)) + raw
    if len(_HEADER_NAMES) < 64:
        _HEADER_NAMES[name] = encoded
    return encoded


@lru_cache(maxsize=8)
def _iso_bytes(moment: datetime) -> bytes:
    return moment.isoformat().encode()


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
        originator_id=originator_id(record.key.decode()),
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
