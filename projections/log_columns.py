"""Read the event log as columns: the store's bulk read when it has one, else the generic one.

A store whose application recorder has `select_notification_columns(after, limit)` (see
`ColumnarLog`; the SQLite store does) is read straight from its table as plain tuples. Any
other recorder (in-memory, Kafka today) is read through the library's `select_notifications`
and its `Notification` objects are turned into the same columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

Columns = tuple[
    Sequence[int], Sequence[UUID | str], Sequence[int], Sequence[str], Sequence[bytes]
]
"""(notification ids, originator ids, originator versions, topics, stored states)."""


@dataclass(frozen=True)
class NotificationColumns:
    """A batch of notifications, one sequence per field, in notification order.

    Originator ids are UUIDs or their text (hex or canonical); states are as stored (still
    encrypted or compressed when the store is).
    """

    ids: Sequence[int]
    originator_ids: Sequence[UUID | str]
    originator_versions: Sequence[int]
    topics: Sequence[str]
    states: Sequence[bytes]

    def __len__(self) -> int:
        return len(self.ids)


@runtime_checkable
class ColumnarLog(Protocol):
    """A recorder that can hand over the notifications after a position as columns."""

    def select_notification_columns(self, after: int | None, limit: int) -> Columns:
        """Up to `limit` notifications with ids above `after` (all when None), in id order."""


ColumnReader = Callable[[int | None, int], NotificationColumns]


def column_reader(recorder: ApplicationRecorder) -> ColumnReader:
    """How to read `recorder` as columns: its own bulk read, else via select_notifications."""
    if isinstance(recorder, ColumnarLog):
        bulk = recorder.select_notification_columns
        return lambda after, limit: NotificationColumns(*bulk(after, limit))
    return lambda after, limit: columns_of_notifications(recorder, after, limit)


def columns_of_notifications(
    recorder: ApplicationRecorder, after: int | None, limit: int
) -> NotificationColumns:
    """The generic read: the library's Notification objects, turned into columns."""
    notifications = recorder.select_notifications(after, limit, inclusive_of_start=False)
    return NotificationColumns(
        ids=[n.id for n in notifications],
        originator_ids=[n.originator_id for n in notifications],
        originator_versions=[n.originator_version for n in notifications],
        topics=[n.topic for n in notifications],
        states=[n.state for n in notifications],
    )
