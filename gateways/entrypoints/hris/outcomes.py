"""What handling a message can come to, and which failures are worth retrying."""

from __future__ import annotations

import structlog
from eventsourcing.persistence import DataError, PersistenceError
from kafka.errors import KafkaError

from domain.errors import ConcurrentModification, DomainError, EmployeeNotFound
from gateways.entrypoints.hris.commands import apply_message
from gateways.entrypoints.hris.contract import HrisMessage
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)

APPLIED = "applied"
DUPLICATE = "duplicate"
PARKED = "parked"
DEAD_LETTERED = "dead-lettered"


def is_transient(error: BaseException) -> bool:
    """Failures of the infrastructure (retry the same record later), not of the message."""
    if isinstance(error, PersistenceError):
        return not isinstance(error, DataError)
    return isinstance(error, KafkaError | OSError | ConcurrentModification)


def attempt(service: MentoringService, message: HrisMessage) -> tuple[str, str | None]:
    """Apply the message: (APPLIED, None), (PARKED, why) or (DEAD_LETTERED, why).

    Transient failures propagate; a message the domain refuses, or that breaks the code, is
    dead-lettered with the reason so that the consumer goes on.
    """
    try:
        apply_message(service, message)
    except EmployeeNotFound as error:
        return PARKED, error.message
    except Exception as error:
        if is_transient(error):
            raise
        if isinstance(error, DomainError):
            return DEAD_LETTERED, f"{error.rule}: {error.message}"
        log.exception("hris_message_broke_the_handler", event_id=message.event_id)
        return DEAD_LETTERED, f"unexpected {type(error).__name__}: {error}"
    return APPLIED, None
