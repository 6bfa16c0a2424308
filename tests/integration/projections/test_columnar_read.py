"""The SQLite store hands the projector its notification log as columns, straight from its table."""

from __future__ import annotations

from uuid import UUID

import pytest

from projections.log_columns import ColumnarLog, column_reader
from tests.integration.projections.log_filler import fill
from tests.integration.projections.scenario_org import EventLog


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> EventLog:
    path = tmp_path_factory.mktemp("store") / "events.db"
    log = EventLog(env={"PERSISTENCE_MODULE": "gateways.stores.sqlite", "SQLITE_DBNAME": str(path)})
    fill(log, employees=40)
    return log


def test_the_sqlite_store_is_read_through_its_columnar_read(app: EventLog) -> None:
    assert isinstance(app.recorder, ColumnarLog)


def test_the_columns_hold_what_select_notifications_returns(app: EventLog) -> None:
    notifications = app.recorder.select_notifications(None, 10_000)

    columns = column_reader(app.recorder)(None, 10_000)

    assert list(columns.ids) == [n.id for n in notifications]
    assert [UUID(o) for o in columns.originator_ids] == [n.originator_id for n in notifications]
    assert list(columns.originator_versions) == [n.originator_version for n in notifications]
    assert list(columns.topics) == [n.topic for n in notifications]
    assert list(columns.states) == [n.state for n in notifications]


def test_the_columns_start_after_the_position_and_stop_at_the_limit(app: EventLog) -> None:
    columns = column_reader(app.recorder)(5, 7)

    assert list(columns.ids) == list(range(6, 13))


def test_past_the_head_the_columns_are_empty(app: EventLog) -> None:
    head = app.recorder.max_notification_id()
    assert head is not None

    assert len(column_reader(app.recorder)(head, 100)) == 0
