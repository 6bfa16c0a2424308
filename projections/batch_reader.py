"""Read the next batch of the event log and prepare it for the view (outside its transaction).

The batch is read as columns (projections.log_columns) and split by event class: events with a
set-based route are handed to DuckDB undecoded, which stages them (projections.staging);
classes some row projection handles in Python are decoded by the mapper; all others are
skipped undecoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import numpy as np
from eventsourcing.persistence import ApplicationRecorder, Mapper, StoredEvent, Tracking

from projections.bulk_routes import routes_by_topic
from projections.log_columns import NotificationColumns, column_reader
from projections.staging import StagedEvents, StagedRows, Stager
from projections.work_split import WorkSplit


@dataclass
class PreparedBatch:
    """A batch read from the store: decoded events, and the set-based routes' staged rows."""

    count: int
    last: Tracking | None
    events: list[tuple[Any, Tracking]] = field(default_factory=list)
    staged: StagedRows | None = None


class BatchReader:
    """Reads batches of notifications after a position, ready for `ReadSideProjection`."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[UUID],
        decoded_topics: frozenset[str],
        routes: dict[str, int],
        application_name: str,
        stager: Stager,
        split: WorkSplit,
    ) -> None:
        """`routes`: the route number of each topic staged for the set-based routes; other
        `decoded_topics` are decoded by the mapper, the rest skipped."""
        self.mapper = mapper
        self._read = column_reader(recorder)
        self._decoded = decoded_topics - routes.keys()
        self._routes = routes
        self._name = application_name
        self._stager = stager
        self._split = split
        self._sealed_routes = sealed_routes(mapper, routes)

    def read(self, after: int | None, limit: int) -> PreparedBatch:
        """The (up to `limit`) notifications after `after`, prepared."""
        columns = self._read(after, limit)
        if not len(columns):
            return PreparedBatch(0, None)
        prepared = PreparedBatch(len(columns), Tracking(self._name, int(columns.ids[-1])))
        route_of, decoded = self._routes, self._decoded
        staged_rows, staged_routes, decoded_rows = [], [], []
        for row, topic in enumerate(columns.topics):
            route = route_of.get(topic)
            if route is not None:
                staged_rows.append(row)
                staged_routes.append(route)
            elif topic in decoded:
                decoded_rows.append(row)
        if staged_rows:
            staged = self._staged(columns, staged_rows, staged_routes)
            prepared.staged = self._stager.stage(staged, self._split.share)
        prepared.events = [self._decode(columns, row) for row in decoded_rows]
        return prepared

    def _staged(
        self, columns: NotificationColumns, rows: list[int], routes: list[int]
    ) -> StagedEvents:
        index = np.array(rows, dtype=np.intp)
        originators = columns.originator_ids
        if not isinstance(originators[0], str):
            originators = [str(originator) for originator in originators]
        states = np.array(columns.states, dtype=object)[index]
        if self.mapper.cipher is not None or self.mapper.compressor is not None:
            states = np.array([self._plain(state) for state in states], dtype=object)
        if self._sealed_routes:  # fields sealed under erasure keys that a route reads
            route_numbers = np.array(routes, dtype=np.int32)
            for at in np.flatnonzero(np.isin(route_numbers, self._sealed_routes)):
                states[at] = self.mapper.open_state(states[at])  # type: ignore[attr-defined]
        return StagedEvents(
            notification_ids=np.array(columns.ids, dtype=np.int64)[index],
            routes=np.array(routes, dtype=np.int32),
            originator_ids=np.array(originators, dtype=object)[index],
            states=states,
        )

    def _plain(self, state: bytes) -> bytes:
        """A stored state decrypted and decompressed, as the mapper would."""
        if self.mapper.cipher is not None:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor is not None:
            state = self.mapper.compressor.decompress(state)
        return state

    def _decode(self, columns: NotificationColumns, row: int) -> tuple[Any, Tracking]:
        originator_id = columns.originator_ids[row]
        stored = StoredEvent(
            originator_id=UUID(originator_id) if isinstance(originator_id, str) else originator_id,
            originator_version=columns.originator_versions[row],
            topic=columns.topics[row],
            state=columns.states[row],
        )
        return self.mapper.to_domain_event(stored), Tracking(self._name, columns.ids[row])


def sealed_routes(mapper: Mapper[UUID], routes: dict[str, int]) -> list[int]:
    """The routes that read a field the mapper may have sealed (gateways.erasure): their
    states are opened by the mapper (``open_state``) before DuckDB parses them."""
    sealed_fields = getattr(mapper, "sealed_fields", None)
    if sealed_fields is None:
        return []
    by_topic = routes_by_topic()
    return [
        number for topic, number in routes.items()
        if sealed_fields(topic) & {column.field for column in by_topic[topic].columns.values()}
    ]
