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
        return self._chained_recorder(
            self.APPLICATION_RECORDER_TOPIC, self.application_recorder_class
        )

    def process_recorder(self) -> ProcessRecorder:
        """The process recorder (chained), creating its tables unless CREATE_TABLE=no."""
        recorder = self._chained_recorder(
            self.PROCESS_RECORDER_TOPIC, self.process_recorder_class, SQLiteProcessRecorder
        )
        assert isinstance(recorder, ProcessRecorder)
        return recorder

    def _chained_recorder(
        self,
        topic_setting: str,
        default: type[SQLiteApplicationRecorder],
        kind: type[SQLiteApplicationRecorder] = SQLiteApplicationRecorder,
    ) -> SQLiteApplicationRecorder:
        """A recorder of the class ``topic_setting`` names (else ``default``, either of
        ``kind``), chained, its tables created unless CREATE_TABLE=no."""
        topic = self.env.get(topic_setting)
        cls = resolve_topic(topic) if topic else default
        assert issubclass(cls, kind)
        recorder = chained(cls)(datastore=self.datastore)
        if self.env_create_table():
            recorder.create_table()
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
