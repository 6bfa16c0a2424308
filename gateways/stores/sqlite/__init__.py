"""The embedded SQLite event store, with a hash chain over the notification log.

Use it with ``PERSISTENCE_MODULE=gateways.stores.sqlite`` and the settings of
``eventsourcing.sqlite`` (``SQLITE_DBNAME``, ``SQLITE_LOCK_TIMEOUT``, ...). Tables are the
library's (``stored_events`` and friends) plus ``event_chain(notification_id, hash)``, written
in the same SQL transaction as the events it chains; see ``gateways.stores.sqlite.chain``.
"""

from gateways.stores.sqlite.factory import ChainedSQLiteFactory, Factory

__all__ = ["ChainedSQLiteFactory", "Factory"]
