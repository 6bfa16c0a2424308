"""The audit's unit tests read a story recorded in the in-memory store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateways.audit.log import EventLog
from services.mentoring import MentoringService
from tests.unit.audit.scenario import Story, record_story


@pytest.fixture
def service() -> Iterator[MentoringService]:
    """The mentoring service on the in-memory store."""
    app = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


@pytest.fixture
def story(service: MentoringService) -> Story:
    """The recorded story (see scenario.py)."""
    return record_story(service)


@pytest.fixture
def event_log(service: MentoringService, story: Story) -> EventLog:
    """The service's log, read in small batches so that paging is exercised."""
    return EventLog(service.recorder, service.mapper, batch_size=4)
