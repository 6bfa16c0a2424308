"""Audit histories built from given notifications: one aggregate's, or one employee's.

No I/O: the caller streams the notification log (in order) and gives the mapper that decodes
it; only the events returned are decoded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification

from gateways.audit.logic.entries import HistoryEntry, describe
from gateways.audit.logic.mentions import EmployeeMentions
from gateways.audit.logic.raw import stored_json


def aggregate_entries(
    mapper: Mapper[Any], notifications: Iterable[Notification], aggregate_id: UUID, *,
    with_raw: bool = False, private: bool = False,
) -> Iterator[HistoryEntry]:
    """The entries of the notifications of one aggregate, in the order given."""
    for notification in notifications:
        if notification.originator_id == aggregate_id:
            yield describe(mapper, notification, notification.id,
                           with_raw=with_raw, private=private)


def employee_entries(
    mapper: Mapper[Any], notifications: Iterable[Notification], hris_id: str, *,
    with_raw: bool = False, private: bool = False,
) -> Iterator[HistoryEntry]:
    """The entries of the notifications concerning one employee, in the order given."""
    mentions = EmployeeMentions(hris_id)
    for notification in notifications:
        if mentions.concerns(notification, stored_json(mapper, notification)):
            yield describe(mapper, notification, notification.id,
                           with_raw=with_raw, private=private)
