"""Conflicting inserts in one process: the loser sees the winner's events when it is told."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent

from tests.integration.kafka_store.conftest import FactoryMaker


def race(recorder: Any, aggregate: uuid.UUID) -> list[bool]:
    """Insert version 1 twice at once; for each loser, whether it then read the winner's event."""
    start, loser_saw_winner = threading.Barrier(2), []

    def insert(state: bytes) -> None:
        start.wait()
        try:
            recorder.insert_events([StoredEvent(aggregate, 1, "Race", state)])
        except IntegrityError:
            loser_saw_winner.append(bool(recorder.select_events(aggregate)))

    threads = [threading.Thread(target=insert, args=(state,)) for state in (b"a", b"b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return loser_saw_winner


def test_the_loser_of_a_race_can_read_the_winners_event_as_soon_as_it_is_refused(
    make_factory: FactoryMaker,
) -> None:
    recorder = make_factory().application_recorder()

    outcomes = [race(recorder, uuid.uuid4()) for _ in range(20)]

    assert outcomes == [[True]] * 20
