"""The eventsourcing library's recorder contract, against the hash-chained SQLite store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteProcessRecorder,
    SQLiteTrackingRecorder,
)
from eventsourcing.utils import Environment, get_topic

from gateways.stores.sqlite import ChainedSQLiteFactory
from gateways.stores.sqlite.recorders import (
    ChainedSQLiteApplicationRecorder,
    ChainedSQLiteProcessRecorder,
)
from tests.support.recorder_contract import (  # noqa: F401 (the cases pytest runs here)
    ContractStore,
    Expected,
    TestAggregateRecorder,
    TestApplicationRecorder,
    TestInfrastructureFactory,
    TestNonInterleavingNotificationIds,
    TestProcessRecorder,
    TestTrackingRecorder,
)


class OtherTrackingRecorder(SQLiteTrackingRecorder):
    """A tracking recorder subclass, for the factory's class-selection paths."""


@pytest.fixture
def contract_store(tmp_path: Path) -> Iterator[ContractStore]:
    """A SQLite file of the test's own; the factories are closed afterwards."""
    env = Environment("Contract", {
        "PERSISTENCE_MODULE": "gateways.stores.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "events.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    })
    store = ContractStore(env, Expected(
        ChainedSQLiteFactory, SQLiteAggregateRecorder, ChainedSQLiteApplicationRecorder,
        SQLiteTrackingRecorder, OtherTrackingRecorder, ChainedSQLiteProcessRecorder,
    ))
    before = set(threading.enumerate())
    yield store
    # The library's concurrent tests stop their reader threads without joining them; closing
    # the SQLite connections under a reader still inside sqlite3 crashes the interpreter.
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=30)
    store.close()


class UnchainedProcessRecorder(SQLiteProcessRecorder):
    """A process recorder written for the plain library store (as other gateways do)."""


def test_a_recorder_chosen_by_topic_is_given_the_chain(tmp_path: Path) -> None:
    env = Environment("Contract", {
        "SQLITE_DBNAME": str(tmp_path / "events.db"),
        "APPLICATION_RECORDER_TOPIC": get_topic(UnchainedProcessRecorder),
    })
    factory = ChainedSQLiteFactory(env)
    recorder = factory.application_recorder()
    factory.close()
    assert isinstance(recorder, UnchainedProcessRecorder)
    assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
