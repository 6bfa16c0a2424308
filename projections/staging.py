"""The set-based routes in two steps: stage a batch's rows on the reader thread, apply them in
the batch's transaction.

The reader thread hands a batch's set-based events to DuckDB as numpy columns
(`StagedEvents`); DuckDB copies them into the view's in-memory `staging` database (decoding
the stored UTF-8 and casting the originator ids itself), then computes each route's finished
rows from the JSON (projections.bulk_routes), all outside the view's transaction, while the
main thread commits the previous batch. Applying the batch is then one INSERT ... SELECT copy
per route present (and its follow-ups), inside the batch's transaction. Which routes the
reader computes and which it leaves to the main thread follows a share (projections.
work_split) that keeps both threads busy. Staged rows are disposable: a crash loses them,
never the view's consistency.
"""

from __future__ import annotations

import itertools
import queue
import uuid
from dataclasses import dataclass

import duckdb
import numpy as np
import numpy.typing as npt

from projections.bulk_routes import Route, employee_routes, routes_by_topic

STAGING = "staging"
"""The in-memory database (attached to the view's DuckDB) holding staged rows."""

EVENTS = (
    "CREATE TABLE {schema}.events AS SELECT notification_id, route, "
    "CAST(originator_id AS UUID) AS originator_id, decode(state) AS state FROM staged_columns"
)


@dataclass(frozen=True)
class StagedEvents:
    """A batch's events for the set-based routes, in notification order, as columns."""

    notification_ids: npt.NDArray[np.int64]
    routes: npt.NDArray[np.int32]
    """The route of each event (projections.bulk_routes.route_numbers)."""
    originator_ids: npt.NDArray[np.object_]
    """Text (hex or canonical UUID)."""
    states: npt.NDArray[np.object_]
    """The JSON states as bytes (decrypted and decompressed already)."""

    def __len__(self) -> int:
        return len(self.notification_ids)

    def columns(self) -> dict[str, npt.NDArray[np.generic]]:
        """The columns by name, as `staged_columns` presents them to DuckDB."""
        return {
            "notification_id": self.notification_ids,
            "route": self.routes,
            "originator_id": self.originator_ids,
            "state": self.states,
        }


@dataclass(frozen=True)
class StagedRows:
    """A batch's staged events, and the routes whose rows the reader already computed.

    A computed route's rows are in `<schema>.route_<n>`; the other routes' events wait in
    `<schema>.events` for the main thread.
    """

    schema: str
    routes: tuple[int, ...]
    computed: frozenset[int]
    events: int

    @property
    def source(self) -> str:
        """The staging table of the events (dropped when every route is computed)."""
        return f"{self.schema}.events"

    def table(self, route_no: int) -> str:
        """The staging table of a computed route's rows."""
        return f"{self.schema}.route_{route_no}"


class Stager:
    """Stages batches into the view's staging database through its own DuckDB connection.

    Used by one thread at a time (the projector's reader thread). Staged batches are
    dropped by the stager itself once the writer has `release`d them: at the next `stage`,
    or by `drop_released` when a catch-up pass ends.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection
        self._serial = itertools.count(1)
        self._prefix = f"{STAGING}.batch_{uuid.uuid4().hex[:12]}_"
        self._released: queue.SimpleQueue[str] = queue.SimpleQueue()

    def stage(self, events: StagedEvents, share: float = 1.0) -> StagedRows:
        """Copy these events into a new staging schema and compute the rows of the routes
        holding about the first `share` of them (the main thread computes the others)."""
        self.drop_released()
        connection = self._connection
        schema = f"{self._prefix}{next(self._serial)}"
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.register("staged_columns", events.columns())
        try:
            connection.execute(EVENTS.format(schema=schema))
        finally:
            connection.unregister("staged_columns")
        numbers, counts = np.unique(events.routes, return_counts=True)
        before = np.cumsum(counts) - counts
        computed = frozenset(int(n) for n, b in zip(numbers, before, strict=True)
                             if b < share * len(events))
        staged = StagedRows(schema, tuple(int(n) for n in numbers), computed, len(events))
        for number, route in _routes(staged.routes):
            if number in computed:
                select = route.select(staged.source, number)
                connection.execute(f"CREATE TABLE {staged.table(number)} AS {select}")
        if len(computed) == len(staged.routes):
            connection.execute(f"DROP TABLE {staged.source}")
        return staged

    def release(self, staged: StagedRows) -> None:
        """The writer is done with these rows (any thread); they are dropped at the next stage."""
        self._released.put(staged.schema)

    def drop_released(self) -> None:
        """Drop the batches released so far (from the thread that stages, or once it is done)."""
        while True:
            try:
                schema = self._released.get_nowait()
            except queue.Empty:
                return
            self._connection.execute(f"DROP SCHEMA {schema} CASCADE")


def apply_staged(connection: duckdb.DuckDBPyConnection, staged: StagedRows) -> set[str]:
    """Copy staged rows into the read side, computing the routes the reader left (inside the
    caller's transaction).

    Returns the read-side tables written; also adds the employees these rows touch to
    `dirty_employees`.
    """
    written: set[str] = set()
    for number, route in _routes(staged.routes):
        rows = staged.table(number)
        if number not in staged.computed:
            rows = "staged_rows"
            select = route.select(staged.source, number)
            connection.execute(f"CREATE OR REPLACE TEMP TABLE {rows} AS {select}")
        for statement in route.apply(rows):
            connection.execute(statement)
        if number in employee_routes():
            connection.execute(
                f"INSERT INTO dirty_employees SELECT DISTINCT employee_id FROM {rows}"
            )
        written.update(route.tables)
    return written


def _routes(numbers: tuple[int, ...]) -> list[tuple[int, Route]]:
    routes = list(routes_by_topic().values())
    return [(number, routes[number]) for number in numbers]
