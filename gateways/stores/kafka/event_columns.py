"""Event records decoded straight into columns: the hot path of reading an events topic.

Our records have a fixed layout (``records.encode_event``): headers ``schema``,
``event_type``, ``originator_version``, [``notification_id``], ``recorded_at``, [``hash``]
in that order. ``EventDecoder`` matches that layout byte for byte with a few ``startswith``
checks and slices, collects keys, values and header values into lists, and converts them
per chunk with ``map`` (C speed). Any record that does not match exactly (other header
order, extra headers, null key, compressed batch) goes through the generic decoder and
``records.decode_event``, so it is accepted or refused by the same rules as ever: foreign
records are refused naming their offset. Topics without notification ids (snapshots, small)
always take the generic path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from gateways.stores.kafka.errors import ForeignRecordError, LogCorruptedError
from gateways.stores.kafka.protocol.batch_decoding import Batch, decode_record, decode_records
from gateways.stores.kafka.records import SCHEMA, decode_event

_SCHEMA_AND_TYPE = b"\x0cschema" + bytes([len(SCHEMA) * 2]) + SCHEMA.encode() + b"\x14event_type"
NUMBERED_START = b"\x0c" + _SCHEMA_AND_TYPE  # six headers
VERSION_NAME = b"\x24originator_version"
NUMBER_NAME = b"\x1enotification_id"
RECORDED_NAME = b"\x16recorded_at"
HASH_START = b"\x08hash\x80\x01"  # name, then a value of 64 bytes
HASH_LENGTH = 64

T = TypeVar("T")


@dataclass
class EventColumns:
    """Decoded events of one read, column by column, in log order."""

    offsets: list[int] = field(default_factory=list)
    originator_ids: list[str] = field(default_factory=list)  # the record keys, as text
    versions: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    states: list[bytes] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)
    last_hash: str | None = None

    def __len__(self) -> int:
        return len(self.offsets)


class Interned:
    """Texts seen before (event types), by their bytes: decoded once, shared.

    A log has a few dozen event types: sharing one str per type saves both the decoding and
    the memory. (Not originator ids: with one per aggregate, looking them up in a large dict
    costs more than decoding them.)
    """

    def __init__(self) -> None:
        self._texts: dict[bytes, str] = {}

    def texts(self, raw: list[bytes]) -> list[str]:
        """The text of each value (raises UnicodeDecodeError for one that is not UTF-8)."""
        known = self._texts
        try:
            return list(map(known.__getitem__, raw))
        except KeyError:  # a type not seen before (rare: a few dozen in a log)
            for value in set(raw).difference(known):
                known[value] = value.decode()
            return list(map(known.__getitem__, raw))


class EventDecoder:
    """Decodes the visible batches of fetched chunks of one topic into ``EventColumns``."""

    def __init__(self, topic: str, *, numbered: bool, interned: Interned) -> None:
        self.topic = topic
        self.numbered = numbered
        self.interned = interned
        self._start()

    def _start(self) -> None:
        self._keys: list[bytes] = []
        self._types: list[bytes] = []
        self._versions: list[bytes] = []
        self._numbers: list[bytes] = []
        self._texts: list[bytes] = []  # recorded_at and hash values: must be UTF-8
        self.columns = EventColumns()
        self._states = self.columns.states
        self._offsets = self.columns.offsets

    def add_batch(self, data: bytes, batch: Batch) -> None:
        """Decode one visible batch (in log order) into the pending columns."""
        if batch.compressed or batch.from_offset > batch.base_offset:
            for record in decode_records(data, batch, self.topic):
                self._add_generic(record)
            return
        if not self.numbered:
            position = batch.records_start
            for _ in range(batch.record_count):
                position = self._add_slow(data, position, batch.base_offset)
            return
        mark = len(self._offsets)
        try:
            position = self._add_numbered(data, batch)
        except IndexError:  # a length pointing past the chunk: let the generic decoder say why
            position = batch.end + 1
        if position != batch.end:  # records that do not fill their batch exactly
            for column in (
                self._offsets,
                self._keys,
                self._states,
                self._types,
                self._versions,
                self._numbers,
            ):
                del column[mark:]
            del self._texts[2 * mark :]
            self._add_slowly(data, batch)

    def _add_numbered(self, data: bytes, batch: Batch) -> int:
        """Decode a batch of the events topic in our layout; returns where its records end.

        Written as one loop with local names (it runs once per event of the log). Records that
        are not in our exact layout go through ``_add_slow``.
        """
        startswith = data.startswith
        offsets, keys, states = self._offsets.append, self._keys.append, self._states.append
        types, versions = self._types.append, self._versions.append
        numbers, texts = self._numbers.append, self._texts.append
        after_start, after_version = len(NUMBERED_START), len(VERSION_NAME)
        after_number, after_recorded = len(NUMBER_NAME), len(RECORDED_NAME)
        hash_header = len(HASH_START) + HASH_LENGTH
        base_offset, position = batch.base_offset, batch.records_start
        for _ in range(batch.record_count):
            start = position
            byte = data[position]  # record length: a varint, 2 bytes for most events
            if byte < 0x80:
                length, position = byte, position + 1
            elif data[position + 1] < 0x80:
                length, position = (byte & 0x7F) | (data[position + 1] << 7), position + 2
            else:
                position = self._add_slow(data, start, base_offset)
                continue
            end = position + (length >> 1)
            if length & 1:  # negative: corrupt
                position = self._add_slow(data, start, base_offset)
                continue
            position += 1  # attributes
            while data[position] & 0x80:  # timestamp delta
                position += 1
            delta = data[position + 1]  # offset delta
            if delta < 0x80:
                position += 2
            elif data[position + 2] < 0x80:
                delta, position = (delta & 0x7F) | (data[position + 2] << 7), position + 3
            else:
                position = self._add_slow(data, start, base_offset)
                continue
            offset = base_offset + ((delta >> 1) ^ -(delta & 1))
            byte = data[position]  # key length: 36 for a UUID
            if byte & 0x81:  # 64 bytes or more, or null
                position = self._add_slow(data, start, base_offset)
                continue
            position += 1
            key_end = position + (byte >> 1)
            key = data[position:key_end]
            byte = data[key_end]  # value length
            if byte < 0x80:
                length, position = byte, key_end + 1
            elif data[key_end + 1] < 0x80:
                length, position = (byte & 0x7F) | (data[key_end + 1] << 7), key_end + 2
            else:
                position = self._add_slow(data, start, base_offset)
                continue
            if length & 1:  # a null value
                position = self._add_slow(data, start, base_offset)
                continue
            value_end = position + (length >> 1)
            state = data[position:value_end]
            if not startswith(NUMBERED_START, value_end):
                position = self._add_slow(data, start, base_offset)
                continue
            position = value_end + after_start
            byte = data[position]  # each header value: short text, a 1-byte length (& 0x81: not)
            topic_end = position + 1 + (byte >> 1)
            if byte & 0x81 or not startswith(VERSION_NAME, topic_end):
                position = self._add_slow(data, start, base_offset)
                continue
            topic = data[position + 1 : topic_end]
            position = topic_end + after_version
            byte = data[position]
            version_end = position + 1 + (byte >> 1)
            if byte & 0x81 or not startswith(NUMBER_NAME, version_end):
                position = self._add_slow(data, start, base_offset)
                continue
            version = data[position + 1 : version_end]
            position = version_end + after_number
            byte = data[position]
            number_end = position + 1 + (byte >> 1)
            if byte & 0x81 or not startswith(RECORDED_NAME, number_end):
                position = self._add_slow(data, start, base_offset)
                continue
            number = data[position + 1 : number_end]
            position = number_end + after_recorded
            byte = data[position]
            recorded_end = position + 1 + (byte >> 1)
            if byte & 0x81 or not startswith(HASH_START, recorded_end):
                position = self._add_slow(data, start, base_offset)
                continue
            if recorded_end + hash_header != end:
                position = self._add_slow(data, start, base_offset)
                continue
            offsets(offset)
            keys(key)
            states(state)
            types(topic)
            versions(version)
            numbers(number)
            texts(data[position + 1 : recorded_end])
            texts(data[end - HASH_LENGTH : end])
            position = end
        return position

    def _add_slowly(self, data: bytes, batch: Batch) -> None:
        """Decode a batch record by record with the generic decoder (which names what is wrong)."""
        try:
            records = decode_records(data, batch, self.topic)
        except (IndexError, ValueError) as error:
            raise ForeignRecordError(
                self.topic, batch.base_offset, f"undecodable record: {error}"
            ) from None
        for record in records:
            self._add_generic(record)

    def _add_slow(self, data: bytes, position: int, base_offset: int) -> int:
        try:
            record, end = decode_record(data, position, base_offset, self.topic)
        except (IndexError, ValueError) as error:
            raise ForeignRecordError(
                self.topic, base_offset, f"undecodable record: {error}"
            ) from None
        self._add_generic(record)
        return end

    def _add_generic(self, record: object) -> None:
        decoded = decode_event(record, with_notification_id=self.numbered)
        event = decoded.stored_event
        self._offsets.append(decoded.offset)
        self._keys.append(str(event.originator_id).encode())
        self._states.append(event.state)
        self._types.append(event.topic.encode())
        self._versions.append(str(event.originator_version).encode())
        self._texts.append(b"")  # recorded_at: decode_event checked it is UTF-8
        if self.numbered:
            self._numbers.append(str(decoded.notification_id).encode())
            self._texts.append((decoded.hash or "").encode())

    def take(self) -> EventColumns:
        """Convert what was decoded since the last take into columns, and start afresh."""
        columns, offsets = self.columns, self.columns.offsets
        columns.originator_ids = self._converted(texts, self._keys, "key")
        columns.topics = self._converted(self.interned.texts, self._types, "event_type")
        columns.versions = self._converted(integers, self._versions, "originator_version")
        if not b"".join(self._texts).isascii():
            for index, text in enumerate(self._texts):
                try:
                    text.decode()
                except UnicodeDecodeError:
                    offset = offsets[index // 2 if self.numbered else index]
                    raise ForeignRecordError(self.topic, offset, "headers are not UTF-8") from None
        if self.numbered:
            columns.notification_ids = self._converted(integers, self._numbers, "notification_id")
            if self._texts:
                columns.last_hash = self._texts[-1].decode()
        self._start()
        return columns

    def _converted(
        self, convert: Callable[[list[bytes]], list[T]], raw: list[bytes], header: str
    ) -> list[T]:
        try:
            return convert(raw)
        except (ValueError, UnicodeDecodeError):
            for index, value in enumerate(raw):
                try:
                    convert([value])
                except (ValueError, UnicodeDecodeError):
                    offset = self.columns.offsets[index]
                    raise ForeignRecordError(
                        self.topic, offset, f"bad headers: {header}={value!r}"
                    ) from None
            raise


def texts(raw: list[bytes]) -> list[str]:
    """Each value decoded (one str each: interning ids of a long log costs more than it saves)."""
    return list(map(bytes.decode, raw))


def integers(raw: list[bytes]) -> list[int]:
    """Each decimal text as an int."""
    return list(map(int, raw))


def check_numbering(topic: str, columns: EventColumns, expected: int) -> None:
    """Raise LogCorruptedError unless the notification ids run on densely from ``expected``."""
    numbers = columns.notification_ids
    if numbers == list(range(expected, expected + len(numbers))):
        return
    for number, offset in zip(numbers, columns.offsets, strict=True):
        if number != expected:
            raise LogCorruptedError(
                f"offset {offset} of {topic} has notification id {number}, expected {expected}"
            )
        expected += 1
