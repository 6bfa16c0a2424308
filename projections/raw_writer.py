"""Apply the set-based routes to a batch's raw events (inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import duckdb
import pandas as pd

from projections.bulk_routes import employee_topics, routes_by_topic

RawEvent = tuple[int, UUID | str, str, str]
"""(notification id, originator id, topic, JSON state)."""


def write_raw(connection: duckdb.DuckDBPyConnection, raw: Sequence[RawEvent]) -> None:
    """Stage the raw events in a temp table, then run one INSERT ... SELECT per topic present.

    Also adds the employees these events touch to `dirty_employees`.
    """
    frame = pd.DataFrame(
        {
            "notification_id": pd.Series([r[0] for r in raw], dtype="int64"),
            "originator_id": pd.Series([r[1] for r in raw], dtype=object),
            "topic": pd.Series([r[2] for r in raw], dtype=object),
            "state": pd.Series([r[3] for r in raw], dtype=object),
        }
    )
    connection.register("raw_frame", frame)
    try:
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE raw_events AS SELECT notification_id, "
            "CAST(originator_id AS UUID) AS originator_id, CAST(topic AS VARCHAR) AS topic, "
            "CAST(state AS VARCHAR) AS state FROM raw_frame"
        )
    finally:
        connection.unregister("raw_frame")
    routes = routes_by_topic()
    for topic in sorted({r[2] for r in raw}):
        connection.execute(routes[topic].insert_sql(), [topic])
    connection.execute(
        "INSERT INTO dirty_employees SELECT DISTINCT originator_id FROM raw_events "
        "WHERE list_contains(?, topic)",
        [sorted(employee_topics())],
    )
