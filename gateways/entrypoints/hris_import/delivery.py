"""Sending the planned messages: published to the HRIS topic, or applied here and now.

Applying runs each message exactly as ``ingest-hris`` does (``outcomes.attempt``: the message's
command, its ``event_id`` as the command id), so a message applied twice has one effect; what
the domain refuses is reported instead of dead-lettered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from gateways.entrypoints.hris.contract import HrisMessage, dump_message
from gateways.entrypoints.hris.outcomes import APPLIED, PARKED, attempt
from gateways.entrypoints.hris.publish import HrisPublisher
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)

ALREADY_APPLIED = "already applied"
REJECTED = "rejected"


@dataclass(frozen=True)
class Refusal:
    """A message the service refused, and why."""

    message: HrisMessage
    reason: str

    def describe(self) -> str:
        m = self.message
        return f"{m.employee_id} {m.type} on {m.effective_date} ({m.event_id}): {self.reason}"


@dataclass
class Delivered:
    """What became of the messages."""

    outcomes: Counter[str] = field(default_factory=Counter)
    refusals: list[Refusal] = field(default_factory=list)


def apply_here(service: MentoringService, messages: Sequence[HrisMessage]) -> Delivered:
    """Apply each message in order through the ingestion's path; refusals are collected."""
    delivered = Delivered()
    for message in messages:
        before = service.recorder.max_notification_id() or 0
        outcome, reason = attempt(service, message)
        if outcome == APPLIED:
            wrote = (service.recorder.max_notification_id() or 0) > before
            delivered.outcomes[APPLIED if wrote else ALREADY_APPLIED] += 1
            continue
        if outcome == PARKED:
            reason = f"employee not hired: {reason}"
        delivered.outcomes[REJECTED] += 1
        delivered.refusals.append(Refusal(message, reason or outcome))
        log.warning("hris_import_refused", event_id=message.event_id, reason=reason)
    return delivered


def publish(publisher: HrisPublisher, messages: Sequence[HrisMessage]) -> Delivered:
    """Publish every message to the HRIS topic (keyed by employee), waiting until stored."""
    delivered = Delivered()
    delivered.outcomes["published"] = publisher.publish(dump_message(m) for m in messages)
    return delivered
