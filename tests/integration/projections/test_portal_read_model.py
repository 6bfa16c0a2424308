"""The portal read model: a projector thread in the API process, waited on for positions; and
keyset pages (no gap, no repeat, NULL keys) over DuckDB."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import duckdb
import pytest

from domain.base import Stamp
from domain.vocabulary import Formality, ProgramType
from projections.portal import queries
from projections.portal.follower import PortalReadModel
from projections.portal.pages import InvalidCursor, SortKey, decode_cursor, encode_cursor, page
from services.mentoring import MentoringService
from services.programs import LaunchProgram

DAY = date(2024, 2, 1)


def launch(service: MentoringService, name: str = "Grow") -> UUID:
    return service.handle(LaunchProgram(
        stamp=Stamp("E0", DAY), name=name, program_type=ProgramType("general"),
        goal="grow people", formality=Formality.STRUCTURED, starts_on=DAY, ends_on=None,
        meeting_cadence="biweekly", executive_sponsor_id="E0",
    ))


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "gateways.stores.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "events.db"), "SQLITE_LOCK_TIMEOUT": "10"}


@pytest.fixture
def writer(sqlite_env: dict[str, str]) -> Iterator[MentoringService]:
    service = MentoringService(env=sqlite_env)
    yield service
    service.close()


@pytest.fixture
def model(writer: MentoringService) -> Iterator[PortalReadModel]:
    read_model = PortalReadModel(writer.recorder, writer.mapper, poll_seconds=5.0)
    read_model.track(writer)
    yield read_model
    read_model.stop()


def programs(model: PortalReadModel) -> list[UUID]:
    with model.cursor() as cursor:
        listed = queries.programs(cursor, status="all", limit=200, cursor=None)
    return [row["program_id"] for row in listed.items]


def test_the_model_learns_each_written_position_and_waits_for_it(
    writer: MentoringService, model: PortalReadModel
) -> None:
    program_id = launch(writer)
    assert model.written == writer.recorder.max_notification_id()
    started = time.monotonic()
    assert model.wait_for(model.written)
    assert time.monotonic() - started < 1.0, "a write wakes the follower, no poll interval"
    assert programs(model) == [program_id]


def test_a_position_written_by_another_process_is_waited_for(
    sqlite_env: dict[str, str], model: PortalReadModel
) -> None:
    other = MentoringService(env=sqlite_env)  # another API instance on the same store
    try:
        program_id = launch(other)
        position = other.recorder.max_notification_id()
        assert position is not None and model.written < position
        assert model.wait_for(position, timeout=1.0), "the read wakes the follower"
        assert programs(model) == [program_id]
    finally:
        other.close()


def test_a_position_never_written_times_out(model: PortalReadModel) -> None:
    started = time.monotonic()
    assert not model.wait_for(10**9, timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 2


def test_pages_under_concurrent_writes_have_no_gap_and_no_repeat(
    writer: MentoringService, model: PortalReadModel
) -> None:
    before = {launch(writer, f"p{n}") for n in range(9)}
    model.wait_for(model.written)
    later: list[UUID] = []
    stop = threading.Event()

    def keep_launching() -> None:
        while not stop.is_set() and len(later) < 20:
            later.append(launch(writer, "later"))

    thread = threading.Thread(target=keep_launching)
    thread.start()
    seen: list[UUID] = []
    try:
        cursor: str | None = None
        while True:
            with model.cursor() as connection:
                listed = queries.programs(connection, status="all", limit=2, cursor=cursor)
            seen.extend(row["program_id"] for row in listed.items)
            time.sleep(0.01)
            if listed.next is None:
                break
            cursor = listed.next
    finally:
        stop.set()
        thread.join()
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    assert set(seen) <= before | set(later)


def test_keyset_pages_cover_rows_with_null_keys_once() -> None:
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (d DATE, n INTEGER)")
    rows = [(None, 3), (None, 1), ("2024-01-02", 2), ("2024-01-01", 5), ("2024-01-02", 4)]
    connection.executemany("INSERT INTO t VALUES (?, ?)", rows)
    keys = (SortKey("d", "date"), SortKey("n", "int"))
    sql = "SELECT n, d AS k0, n AS k1 FROM t"
    for limit in (1, 2, 3, 5, 10):
        seen: list[int] = []
        cursor = None
        while True:
            listed = page(connection, sql, [], keys, limit, cursor)
            seen.extend(row["n"] for row in listed.items)
            if listed.next is None:
                break
            cursor = listed.next
        assert seen == [1, 3, 5, 2, 4], limit


def test_cursors_round_trip_and_refuse_foreign_ones() -> None:
    keys = (SortKey("d", "date"), SortKey("id", "uuid"))
    value = [date(2024, 1, 2), UUID(int=7)]
    assert decode_cursor(encode_cursor(value), keys) == value
    for foreign in ("%%%", encode_cursor(["x"]), encode_cursor(["nodate", "x"])):
        with pytest.raises(InvalidCursor):
            decode_cursor(foreign, keys)


def test_a_catch_up_in_many_batches_publishes_its_position_once_caught_up(
    writer: MentoringService,
) -> None:
    launched = {launch(writer, f"p{n}") for n in range(7)}
    model = PortalReadModel(writer.recorder, writer.mapper, batch_size=2)
    try:
        head = writer.recorder.max_notification_id()
        assert head is not None
        assert model.wait_for(head)
        assert model.position == head
        assert set(programs(model)) == launched
    finally:
        model.stop()
