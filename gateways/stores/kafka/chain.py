"""Checking the events topic's hash chain (tamper evidence; ``audit verify`` builds on this).

Every event record's ``hash`` header is the hex SHA-256 of the previous record's hash and
this record's key, value and other headers (see ``records.chain_hash``); the first record
chains from 64 zeros. Any edit, insertion, removal or reordering breaks the chain from
that record on.

Two ways in: ``check_chain`` walks consumed records (the auditor's read, one record at a
time, naming the first bad one whatever is wrong with it), and ``ChainedDecoder`` verifies
the chain of every chunk the store reads while it indexes the log, from the last hash it
verified (a checkpoint: the index's ``last_hash``), so a process that writes never writes on
top of a broken chain, and reading on only checks the tail it reads.
"""

from __future__ import annotations

import hashlib
import struct
from binascii import hexlify
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import LogCorruptedError
from gateways.stores.kafka.event_columns import EventColumns, EventDecoder, check_numbering
from gateways.stores.kafka.protocol.log_reader import read_to_end
from gateways.stores.kafka.records import (
    EVENT_TYPE,
    GENESIS_HASH,
    HASH,
    NOTIFICATION_ID,
    ORIGINATOR_VERSION,
    RECORDED_AT,
    SCHEMA,
    SCHEMA_HEADER,
    chain_hash,
)

NOT_OURS = "not a record of this store"
OUT_OF_SEQUENCE = "notification id out of sequence"
MALFORMED = "malformed header"
HASH_MISMATCH = "hash does not match"


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking a chain: ok, or where and why it first breaks."""

    ok: bool
    records: int
    last_hash: str
    broken_at_offset: int | None = None
    reason: str | None = None


def check_chain(records: Iterable[Any]) -> ChainCheck:
    """Walk consumed records (in offset order) and recompute every hash.

    Stops at the first record that is not ours (no ``schema`` header, no key), is out of
    sequence, has a malformed header or a hash that does not chain; ``reason`` starts with
    one of NOT_OURS, OUT_OF_SEQUENCE, MALFORMED, HASH_MISMATCH.
    """
    previous, count = GENESIS_HASH, 0
    for record in records:
        headers = list(record.headers or [])
        found = dict(headers)
        reason = _first_fault(record, found, count + 1)
        if reason is None:
            computed = chain_hash(previous, record.key or b"", record.value or b"", headers)
            if found.get(HASH) != computed.encode():
                reason = HASH_MISMATCH
            else:
                previous, count = computed, count + 1
                continue
        return ChainCheck(False, count, previous, record.offset, reason)
    return ChainCheck(True, count, previous)


def _first_fault(record: Any, found: dict[str, bytes], expected_id: int) -> str | None:
    """Why the record cannot be the next event of the chain, before its hash is checked."""
    if found.get(SCHEMA_HEADER) != SCHEMA.encode() or record.key is None:
        what = "no key" if found.get(SCHEMA_HEADER) == SCHEMA.encode() else (
            f"no {SCHEMA_HEADER}={SCHEMA} header"
        )
        return f"{NOT_OURS} ({what})"
    number = found.get(NOTIFICATION_ID)
    if number is None or not number.isdigit():
        return f"{MALFORMED} ({NOTIFICATION_ID}={number!r})"
    if int(number) != expected_id:
        return OUT_OF_SEQUENCE
    version = found.get(ORIGINATOR_VERSION)
    if version is None or not version.isdigit():
        return f"{MALFORMED} ({ORIGINATOR_VERSION}={version!r})"
    for name in (EVENT_TYPE, RECORDED_AT):
        if not found.get(name):
            return f"{MALFORMED} (no {name})"
    digest = found.get(HASH)
    if digest is None or len(digest) != 64:
        return f"{MALFORMED} ({HASH}={digest!r})"
    try:
        for raw in found.values():
            raw.decode()
        record.key.decode()
    except UnicodeDecodeError:
        return f"{MALFORMED} (not UTF-8)"
    return None


def verify_topic_chain(config: KafkaStoreConfig, topic: str | None = None) -> ChainCheck:
    """Read the events topic (read_committed) from the start and check its chain."""
    records: list[Any] = []
    read_to_end(config, topic or config.events_topic, 0, records.append)
    return check_chain(records)


# -- verifying while indexing ------------------------------------------------------------------

_length = struct.Struct(">Q").pack
_SCHEMA_PART = _length(len(SCHEMA_HEADER) + 1 + len(SCHEMA)) + f"{SCHEMA_HEADER}={SCHEMA}".encode()
_TYPE, _VERSION = f"{EVENT_TYPE}=".encode(), f"{ORIGINATOR_VERSION}=".encode()
_NUMBER, _RECORDED = f"{NOTIFICATION_ID}=".encode(), f"{RECORDED_AT}=".encode()
UUID_LENGTH = 36
_KEY_LENGTH = _length(UUID_LENGTH)
# each header's 8-byte length and ``name=``, by the length of its value (short: one byte, as
# the decoder's fast path requires)
_VERSION_PREFIXES = [_length(n + len(_VERSION)) + _VERSION for n in range(64)]
_NUMBER_PREFIXES = [_length(n + len(_NUMBER)) + _NUMBER for n in range(64)]
_RECORDED_PREFIXES = [_length(n + len(_RECORDED)) + _RECORDED for n in range(64)]


class ChainedDecoder(EventDecoder):
    """An ``EventDecoder`` of the events topic that also verifies the hash chain, chunk by chunk.

    ``previous`` is the last verified hash (GENESIS_HASH at offset 0; the index's ``last_hash``
    when reading on) and ``next_id`` the notification id expected next (ids are checked
    first, so a gap is named as one): each record's hash must chain from it, or ``take`` raises
    LogCorruptedError naming the record. Records in our exact layout are checked from the
    decoded header values (one SHA-256 each); any other record from its own headers.
    """

    def __init__(self, topic: str, *, previous: str, next_id: int, interned: Any) -> None:
        self.previous = previous
        self.next_id = next_id
        self._generic: dict[int, Any] = {}
        self._framed_type: dict[bytes, bytes] = {}
        super().__init__(topic, numbered=True, interned=interned)

    def _add_generic(self, record: Any) -> None:
        self._generic[len(self.columns.offsets)] = record
        super()._add_generic(record)

    def take(self) -> EventColumns:
        keys, states, types = self._keys, self._states, self._types
        versions, numbers, texts = self._versions, self._numbers, self._texts
        offsets, generic = self._offsets, self._generic
        self._generic = {}
        columns = super().take()  # refuses foreign and malformed records first
        check_numbering(self.topic, columns, self.next_id)  # then gaps and reordering
        previous = self.previous.encode()  # hex digests as bytes: compared with the headers
        sha256, join, framed_type = hashlib.sha256, b"".join, self._framed_type
        rows = zip(
            keys, states, types, versions, numbers, texts[0::2], texts[1::2], strict=True
        )
        for position, (key, value, event_type, version, number, recorded, stated) in enumerate(
            rows
        ):
            record = generic.get(position) if generic else None
            if record is None:
                computed = hexlify(sha256(join((
                    previous,
                    _KEY_LENGTH if len(key) == UUID_LENGTH else _length(len(key)), key,
                    _length(len(value)), value,
                    framed_type.get(event_type) or self._frame_type(event_type),
                    _VERSION_PREFIXES[len(version)], version,
                    _NUMBER_PREFIXES[len(number)], number,
                    _RECORDED_PREFIXES[len(recorded)], recorded,
                ))).digest())
            else:
                headers = list(record.headers or [])
                stated = dict(headers).get(HASH, b"")
                computed = chain_hash(
                    previous.decode(), record.key or b"", record.value or b"", headers
                ).encode()
            if stated != computed:
                raise LogCorruptedError(
                    f"offset {offsets[position]} of {self.topic} (notification id "
                    f"{columns.notification_ids[position]}): its hash does not chain from the "
                    f"record before it (altered, forged or reordered); refusing to go on from a "
                    f"broken hash chain (run `mentoring audit verify`)"
                )
            previous = computed
        self.previous = previous.decode()
        self.next_id += len(columns)
        return columns

    def _frame_type(self, event_type: bytes) -> bytes:
        """The hashed bytes from the schema header to the event type's value (one per type)."""
        framed = _SCHEMA_PART + _length(len(event_type) + len(_TYPE)) + _TYPE + event_type
        self._framed_type[event_type] = framed
        return framed
