"""Run one parsed HRIS message as the mentoring service's command."""

from __future__ import annotations

from uuid import UUID

from gateways.entrypoints.hris.contract import HrisMessage
from services.mentoring import MentoringService


def apply_message(service: MentoringService, message: HrisMessage) -> UUID:
    """Run the command the message converts to; ``event_id`` is the command id (idempotent)."""
    return service.handle(message.to_command())
