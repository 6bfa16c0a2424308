"""The factory eventsourcing finds when ``PERSISTENCE_MODULE=gateways.stores.sqlite``."""

from __future__ import annotations

from functools import cache

import structlog
from eventsourcing.persistence import ApplicationRecorder, ProcessRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory, SQLiteProcessRecorder
from eventsourcing.utils import resolve_topic

from gateways.stores.sqlite.recorders import (
    ChainedSQLiteApplicationRecorder,
    ChainedSQLiteProcessRecorder,
)

log = structlog.get_logger(__name__)


class ChainedSQLiteFactory(SQLiteFactory):
    """``eventsourcing.sqlite``'s factory, with hash-chained application and process recorders.

    Settings are the library's (``SQLITE_DBNAME``, ``SQLITE_LOCK_TIMEOUT``, ...). A recorder
    class chosen by ``APPLICATION_RECORDER_TOPIC`` or ``PROCESS_RECORDER_TOPIC`` that does not
    chain is given the chain (see ``chained``): every event this store writes is chained.
    """

    application_recorder_class = ChainedSQLiteApplicationRecorder
    process_recorder_class = ChainedSQLiteProcessRecorder

    def application_recorder(self) -> ApplicationRecorder:
        """The application recorder (chained), creating its tables unless CREATE_TABLE=no."""
        topic = self.env.get(self.APPLICATION_RECORDER_TOPIC)
        cls = resolve_topic(topic) if topic else self.application_recorder_class
        assert issubclass(cls, SQLiteApplicationRecorder)
        recorder = chained(cls)(datastore=self.datastore)
        if self.env_create_table():
            recorder.create_table()
        return recorder

    def process_recorder(self) -> ProcessRecorder:
        """The process recorder (chained), creating its tables unless CREATE_TABLE=no."""
        topic = self.env.get(self.PROCESS_RECORDER_TOPIC)
        cls = resolve_topic(topic) if topic else self.process_recorder_class
        assert issubclass(cls, SQLiteProcessRecorder)
        recorder = chained(cls)(datastore=self.datastore)
        if self.env_create_table():
            recorder.create_table()
        assert isinstance(recorder, ProcessRecorder)
        return recorder


@cache
def chained(cls: type[SQLiteApplicationRecorder]) -> type[SQLiteApplicationRecorder]:
    """``cls`` itself if it chains; else a subclass of it that also chains."""
    if issubclass(cls, ChainedSQLiteApplicationRecorder):
        return cls
    chain = (
        ChainedSQLiteProcessRecorder
        if issubclass(cls, SQLiteProcessRecorder)
        else ChainedSQLiteApplicationRecorder
    )
    log.info("sqlite_recorder_chained", recorder=cls.__qualname__)
    return type(f"Chained{cls.__name__}", (cls, chain), {"__module__": cls.__module__})


Factory = ChainedSQLiteFactory
