"""Facts kept in the application's log (reads of private texts, trusted queries): saved once per
request, listed by scanning the log for their one event topic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.base import MentoringAggregate
from services.mentoring import MentoringService

E = TypeVar("E")
PAGE = 500


def save_once(service: MentoringService, fact: MentoringAggregate) -> bool:
    """Save the fact; False when it was recorded already (its id derives from the request, so
    a retried request records it once)."""
    try:
        service.save(fact)
    except IntegrityError:
        return False
    return True


def recorded(service: MentoringService, event_class: type[E]) -> Iterator[E]:
    """Every event of ``event_class`` in the log, oldest first (one topic, read page by page)."""
    topics = [get_topic(event_class)]
    start = 1
    while True:
        page = service.recorder.select_notifications(start=start, limit=PAGE, topics=topics)
        for notification in page:
            event = service.mapper.to_domain_event(notification)
            if isinstance(event, event_class):
                yield event
        if len(page) < PAGE:
            return
        start = page[-1].id + 1
