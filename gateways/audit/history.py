"""Audit histories: every event of an aggregate, or of an employee across aggregates.

Both scan the notification log from the first event, streaming in batches: audits are rare,
and a scan also finds what per-employee links forget (a leaver's closed requests, ended
mentorships). This module only reads the log; ``gateways.audit.logic.history`` picks and
decodes the events it returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import structlog

from gateways.audit.log import EventLog
from gateways.audit.logic.entries import HistoryEntry
from gateways.audit.logic.history import aggregate_entries, employee_entries

log = structlog.get_logger(__name__)


def aggregate_history(
    event_log: EventLog, aggregate_id: UUID, *, with_raw: bool = False, private: bool = False
) -> Iterator[HistoryEntry]:
    """Every event of one aggregate, in recorded order, with notification ids."""
    log.info("audit_history_aggregate", aggregate_id=str(aggregate_id))
    return aggregate_entries(event_log.mapper, event_log.notifications(), aggregate_id,
                             with_raw=with_raw, private=private)


def employee_history(
    event_log: EventLog, hris_id: str, *, with_raw: bool = False, private: bool = False
) -> Iterator[HistoryEntry]:
    """Every event concerning one employee, across aggregates, in recorded order."""
    log.info("audit_history_employee", hris_id=hris_id)
    return employee_entries(event_log.mapper, event_log.notifications(), hris_id,
                            with_raw=with_raw, private=private)
