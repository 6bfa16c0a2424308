"""Audit histories: every event of an aggregate, or of an employee across aggregates.

Both scan the notification log from the first event, streaming in batches: audits are rare,
and a scan also finds what per-employee links forget (a leaver's closed requests, ended
mentorships). The scan decodes only the events it returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import structlog

from gateways.audit.entries import HistoryEntry, describe
from gateways.audit.log import EventLog
from gateways.audit.mentions import EmployeeMentions
from gateways.audit.raw import stored_json

log = structlog.get_logger(__name__)


def aggregate_history(
    event_log: EventLog, aggregate_id: UUID, *, with_raw: bool = False, private: bool = False
) -> Iterator[HistoryEntry]:
    """Every event of one aggregate, in recorded order, with notification ids."""
    log.info("audit_history_aggregate", aggregate_id=str(aggregate_id))
    for notification in event_log.notifications():
        if notification.originator_id == aggregate_id:
            yield describe(
                event_log.mapper, notification, notification.id,
                with_raw=with_raw, private=private,
            )


def employee_history(
    event_log: EventLog, hris_id: str, *, with_raw: bool = False, private: bool = False
) -> Iterator[HistoryEntry]:
    """Every event concerning one employee, across aggregates, in recorded order."""
    log.info("audit_history_employee", hris_id=hris_id)
    mentions = EmployeeMentions(hris_id)
    for notification in event_log.notifications():
        if mentions.concerns(notification, stored_json(event_log.mapper, notification)):
            yield describe(
                event_log.mapper, notification, notification.id,
                with_raw=with_raw, private=private,
            )
