"""The local index of one topic: where each event sits in the log, so reads never scan Kafka.

The index maps (originator id, version) and notification ids to offsets, in a SQLite file
(``index_file.py``) with its checkpoint; it holds no event state. In memory it keeps only
bounded caches (``lru.py``): the last version of recently used aggregates (what the writer's
version checks need) and recently written or read event records (type and state). Events not
in the cache are fetched from the broker at their offsets (``record_fetch.py``). The store
extends it from the log on start (only the tail past the checkpoint) and after each committed
transaction. Kafka stays the source of truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from threading import RLock
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from gateways.stores.kafka.errors import LogCorruptedError
from gateways.stores.kafka.event_columns import EventColumns, Interned
from gateways.stores.kafka.index_file import Checkpoint, IndexFile, LogIdentity
from gateways.stores.kafka.lru import Lru
from gateways.stores.kafka.originator_ids import originator_id as parsed_id
from gateways.stores.kafka.records import GENESIS_HASH, DecodedEvent

Fetch = Callable[[Iterable[int]], dict[int, DecodedEvent]]
"""Event records by offset, from the broker (``RecordFetcher.fetch``)."""

_NO_HEAD = -1  # cached: the aggregate has no event
FLUSH_ROWS = 2_000  # the writer's committed rows written to the file in one transaction


@dataclass
class Staged:
    """Versions accepted but not yet in the index (sent, not committed)."""

    last_versions: dict[str, int] = field(default_factory=dict)
    taken: set[tuple[str, int]] = field(default_factory=set)


def _no_fetch(offsets: Iterable[int]) -> dict[int, DecodedEvent]:
    return {}


class EventIndex:
    """Offsets by notification id and by (originator, version), for one topic, on disk.

    With ``contiguous`` (event logs) a new event must be the next version of its originator;
    without it (snapshots) versions need only be unique. Notification ids are positions + 1.
    ``file`` defaults to an in-memory SQLite database; ``fetch`` loads records the event cache
    does not hold. ``index_cache_size`` and ``event_cache_size`` bound the memory it keeps.
    """

    def __init__(
        self,
        *,
        contiguous: bool,
        file: IndexFile | None = None,
        identity: LogIdentity | None = None,
        fetch: Fetch = _no_fetch,
        index_cache_size: int = 100_000,
        event_cache_size: int = 20_000,
    ) -> None:
        self.contiguous = contiguous
        self.lock = RLock()
        self.file = file or IndexFile()
        self.identity = identity or LogIdentity("", "", "", "", "")
        self.fetch = fetch
        self.last_hash = GENESIS_HASH
        self.next_offset = 0
        self.count = 0
        self.resumed = False  # from a checkpoint, until the log is read on from it
        self.interned = Interned()
        self._pending: list[tuple[int, str, int, int]] = []  # (id, oid, version, offset)
        self._pending_by_oid: dict[str, list[tuple[int, int, int]]] = {}  # (version, id, offset)
        self._heads: Lru[str, int] = Lru(index_cache_size)
        self._events: Lru[tuple[str, int], tuple[str, bytes]] = Lru(event_cache_size)

    def resume(self, checkpoint: Checkpoint) -> None:
        """Go on from a checkpoint loaded from the file (its rows are the log's up to it)."""
        with self.lock:
            self.next_offset = checkpoint.next_offset
            self.count = checkpoint.count
            self.last_hash = checkpoint.last_hash
            self.resumed = checkpoint.count > 0

    def reset(self) -> None:
        """Forget everything (the file emptied): to be rebuilt from offset 0."""
        with self.lock:
            self._pending.clear()
            self._pending_by_oid.clear()
            self.file.reset()
            self.resume(Checkpoint())
            self._heads.clear()
            self._events.clear()

    @property
    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.next_offset, self.count, self.last_hash)

    def check(
        self, events: Sequence[StoredEvent], staged: Staged, oids: Sequence[str] | None = None
    ) -> None:
        """Raise IntegrityError if any event's version is taken or is not its originator's next.

        ``oids``: the events' originator ids as text, if the caller has them already.
        """
        last: dict[str, int] = {}  # of this batch's earlier events
        seen: set[tuple[str, int]] = set()
        staged_last = staged.last_versions
        with self.lock:
            for event, oid in zip(events, oids or _texts(events), strict=True):
                version = event.originator_version
                key = (oid, version)
                if key in staged.taken or key in seen or self._recorded(oid, version):
                    raise IntegrityError(f"version {version} of {oid} is already recorded")
                seen.add(key)
                previous = last.get(oid)
                if previous is None:
                    previous = staged_last.get(oid)
                    if previous is None:
                        previous = self.last_version(oid)
                if self.contiguous and previous is not None and version != previous + 1:
                    raise IntegrityError(
                        f"version {version} of {oid} is not the next version "
                        f"(expected {previous + 1})"
                    )
                last[oid] = version

    def _recorded(self, oid: str, version: int) -> bool:
        """Whether the version is in the index (event logs: between first and last version)."""
        if self.contiguous:
            head = self.last_version(oid)
            if head is None or version > head:
                return False
            if (oid, version) in self._events:
                return True
        return self._position(oid, version) is not None

    def _position(self, oid: str, version: int) -> tuple[int, int] | None:
        """(id, offset) of an originator's version: written to the file, or still pending."""
        for pending_version, number, offset in self._pending_by_oid.get(oid, ()):
            if pending_version == version:
                return number, offset
        return self.file.position(oid, version)

    def last_version(self, oid: str) -> int | None:
        """The originator's last recorded version (from the cache, else the file)."""
        with self.lock:
            head = self._heads.get(oid)
            if head is None:
                found = self.file.last_version(oid)
                head = _NO_HEAD if found is None else found
                for version, _, _ in self._pending_by_oid.get(oid, ()):
                    head = max(head, version)
                self._heads.put(oid, head)
            return None if head == _NO_HEAD else head

    def stage(
        self, events: Sequence[StoredEvent], staged: Staged, oids: Sequence[str] | None = None
    ) -> None:
        """Remember checked events so later requests in the same group see them."""
        for event, oid in zip(events, oids or _texts(events), strict=True):
            staged.taken.add((oid, event.originator_version))
            staged.last_versions[oid] = event.originator_version

    def append(
        self,
        events: Iterable[tuple[StoredEvent, int]],
        *,
        next_offset: int,
        last_hash: str | None,
        oids: Sequence[str] | None = None,
    ) -> None:
        """Add committed events (with their offsets) in log order; their records are cached."""
        pairs = list(events)
        texts = list(oids) if oids is not None else [str(e.originator_id) for e, _ in pairs]
        with self.lock:
            versions = [event.originator_version for event, _ in pairs]
            offsets = [offset for _, offset in pairs]
            self._add(texts, versions, offsets, next_offset, last_hash, remember=True)
            for (event, _), oid in zip(pairs, texts, strict=True):
                self._events.put((oid, event.originator_version), (event.topic, event.state))

    def extend(self, columns: EventColumns, *, next_offset: int, cache: bool = True) -> None:
        """Add events read from the log (already checked, in log order), column by column.

        ``cache``: also keep their records in the event cache (not while building cold).
        """
        with self.lock:
            self._add(
                columns.originator_ids,
                columns.versions,
                columns.offsets,
                next_offset,
                columns.last_hash,
                remember=False,
            )
            if cache and not self.file.bulk:
                keep = self._events.size
                for oid, version, topic, state in zip(
                    columns.originator_ids[-keep:],
                    columns.versions[-keep:],
                    columns.topics[-keep:],
                    columns.states[-keep:],
                    strict=True,
                ):
                    self._events.put((oid, version), (topic, state))

    def _add(
        self,
        oids: Sequence[str],
        versions: Sequence[int],
        offsets: Sequence[int],
        next_offset: int,
        last_hash: str | None,
        *,
        remember: bool,
    ) -> None:
        """Rows and checkpoint to the file; heads cached (``remember``: also new ones).

        The writer's rows (``remember``) are buffered and written ``FLUSH_ROWS`` at a time
        (or before anything else is written, at each checkpoint and at close): one SQLite
        transaction per group commit would cost more than the commit's own work. Lookups see
        the buffered rows too. Lost in a crash, they are read again from the log's tail.
        """
        first = self.count + 1
        checkpoint = Checkpoint(
            max(self.next_offset, next_offset), self.count + len(oids), last_hash or self.last_hash
        )
        if remember:
            pending, by_oid = self._pending, self._pending_by_oid
            for number, oid, version, offset in zip(
                range(first, first + len(oids)), oids, versions, offsets, strict=True
            ):
                pending.append((number, oid, version, offset))
                by_oid.setdefault(oid, []).append((version, number, offset))
            self._advance(checkpoint)
            if len(pending) >= FLUSH_ROWS:
                self._flush()
        else:
            self._flush()
            self._write(first, oids, versions, offsets, checkpoint)
            self._advance(checkpoint)
        heads = self._heads
        if not (remember or len(heads)):  # a cold build: no head cached to keep up to date
            return
        for oid, version in zip(oids, versions, strict=True):
            if remember or oid in heads:
                head = heads.get(oid)
                if head is None or version > head:
                    heads.put(oid, version)

    def _advance(self, checkpoint: Checkpoint) -> None:
        self.count, self.next_offset, self.last_hash = (
            checkpoint.count, checkpoint.next_offset, checkpoint.last_hash
        )

    def _write(
        self,
        first: int,
        oids: Sequence[str],
        versions: Sequence[int],
        offsets: Sequence[int],
        checkpoint: Checkpoint,
    ) -> None:
        try:
            self.file.add(first, oids, versions, offsets, self.identity, checkpoint)
        except Exception as error:  # sqlite3.IntegrityError: a version twice in the log
            raise LogCorruptedError(
                f"{self.identity.topic}: the log holds a version twice near offset "
                f"{offsets[0] if offsets else checkpoint.next_offset} ({error})"
            ) from error

    def _flush(self) -> None:
        """Write the buffered rows of the writer, with the checkpoint up to them."""
        pending = self._pending
        if not pending:
            return
        self._write(
            pending[0][0],
            [row[1] for row in pending],
            [row[2] for row in pending],
            [row[3] for row in pending],
            self.checkpoint,
        )
        pending.clear()
        self._pending_by_oid.clear()

    def commit(self) -> None:
        """Write the checkpoint (and end a cold build): after reading the log to its end."""
        with self.lock:
            self._flush()
            self.file.finish_bulk(self.identity, self.checkpoint)
            self.resumed = False

    def positions_of(
        self, events: Sequence[StoredEvent], oids: Sequence[str] | None = None
    ) -> list[int] | None:
        """The positions of the events if every one is in the index as given (same topic
        and state), else None: whether a transaction whose commit went unanswered committed."""
        texts = list(oids or _texts(events))
        with self.lock:
            found = [self._position(oid, e.originator_version) for e, oid in zip(
                events, texts, strict=True
            )]
        if any(position is None for position in found):
            return None
        records = self._records(
            [(oid, e.originator_version, position[1]) for e, oid, position in zip(
                events, texts, found, strict=True
            ) if position is not None]
        )
        positions = []
        for event, oid, position in zip(events, texts, found, strict=True):
            assert position is not None
            if records.get((oid, event.originator_version)) != (event.topic, event.state):
                return None
            positions.append(position[0] - 1)
        return positions

    def max_notification_id(self) -> int | None:
        return self.count or None

    def offset_of(self, notification_id: int) -> int | None:
        """The offset of a notification id's event, if indexed."""
        with self.lock:
            if not 1 <= notification_id <= self.count:
                return None
            pending = self._pending
            if pending and notification_id >= pending[0][0]:
                return pending[notification_id - pending[0][0]][3]
            return self.file.offset_of(notification_id)

    def offset_after(self, notification_id: int | None) -> int:
        """The offset to read from to see notifications after the given id."""
        with self.lock:
            found = self.offset_of(max(notification_id or 0, 0) + 1)
            return self.next_offset if found is None else found

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        oid = str(originator_id)
        with self.lock:
            rows = self.file.versions(oid, gt, lte, desc, limit)
            buffered = self._pending_by_oid.get(oid)
            if buffered:
                rows = _with_buffered(rows, buffered, gt, lte, desc, limit)
        records = self._records([(oid, version, offset) for version, offset in rows])
        identity = parsed_id(oid)
        return [
            StoredEvent(
                originator_id=identity,
                originator_version=version,
                topic=record[0],
                state=record[1],
            )
            for version, _ in rows
            if (record := records.get((oid, version))) is not None
        ]

    def _records(
        self, wanted: list[tuple[str, int, int]]
    ) -> dict[tuple[str, int], tuple[str, bytes]]:
        """(type, state) of each (originator, version, offset): cached, else fetched (outside
        the lock, so commits go on meanwhile) and cached. Records gone (compacted) are left out.
        """
        found: dict[tuple[str, int], tuple[str, bytes]] = {}
        missing: dict[int, tuple[str, int]] = {}
        with self.lock:
            for oid, version, offset in wanted:
                record = self._events.get((oid, version))
                if record is None:
                    missing[offset] = (oid, version)
                else:
                    found[(oid, version)] = record
        if not missing:
            return found
        fetched = self.fetch(missing)
        with self.lock:
            for offset, key in missing.items():
                decoded = fetched.get(offset)
                if decoded is None:
                    continue
                event = decoded.stored_event
                if (str(event.originator_id), event.originator_version) != key:
                    raise LogCorruptedError(
                        f"offset {offset} of {self.identity.topic} holds version "
                        f"{event.originator_version} of {event.originator_id}, the index says "
                        f"version {key[1]} of {key[0]}: the topic changed under the index"
                    )
                record = (event.topic, event.state)
                self._events.put(key, record)
                found[key] = record
        return found

    def close(self) -> None:
        with self.lock:
            self._flush()
            self.file.close()


def _with_buffered(
    rows: list[tuple[int, int]],
    buffered: list[tuple[int, int, int]],
    gt: int | None,
    lte: int | None,
    desc: bool,
    limit: int | None,
) -> list[tuple[int, int]]:
    """The file's (version, offset) rows of an originator joined by its rows not yet written
    to the file (``(version, id, offset)``, all of them later versions): what the file would
    answer once they are written, without writing them (a read does not force a flush)."""
    later = [
        (version, offset) for version, _, offset in buffered
        if (gt is None or version > gt) and (lte is None or version <= lte)
    ]
    joined = later[::-1] + rows if desc else rows + later
    return joined if limit is None else joined[:limit]


class TrackingIndex:
    """The highest recorded notification id per upstream application."""

    def __init__(self) -> None:
        self.lock = RLock()
        self.next_offset = 0
        self._max: dict[str, int] = {}

    def check(self, application_name: str, notification_id: int, staged: dict[str, int]) -> None:
        current = staged.get(application_name, self.max_tracking_id(application_name))
        if current is not None and notification_id <= current:
            raise IntegrityError(
                f"tracking {notification_id} of {application_name!r} is not greater than {current}"
            )

    def apply(self, application_name: str, notification_id: int) -> None:
        with self.lock:
            current = self._max.get(application_name)
            if current is None or notification_id > current:
                self._max[application_name] = notification_id

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.lock:
            return self._max.get(application_name)


def _texts(events: Sequence[StoredEvent]) -> list[str]:
    return [str(event.originator_id) for event in events]
