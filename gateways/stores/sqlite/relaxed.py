"""The demo's SQLite event store: the hash-chained one, with ``PRAGMA synchronous=NORMAL``.

In WAL mode that is still safe if the process crashes; only a power cut can lose the last
commits. It makes each command's commit about fifty times cheaper, which the demo needs to
send thirty thousand commands in well under a minute. Production runs on Kafka.
"""

from __future__ import annotations

from eventsourcing.persistence import EnvType
from eventsourcing.sqlite import SQLiteConnection
from eventsourcing.utils import Environment

from gateways.stores.sqlite.factory import ChainedSQLiteFactory

TOPIC = "gateways.stores.sqlite.relaxed:RelaxedSQLiteFactory"


class RelaxedSQLiteFactory(ChainedSQLiteFactory):
    """The chained SQLite factory, with connections that sync the WAL at checkpoints only."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        create = pool._create_connection

        def create_relaxed() -> SQLiteConnection:
            connection = create()
            connection._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
            return connection

        pool._create_connection = create_relaxed  # type: ignore[method-assign]
