"""The portal read model in a DuckDB file: a restart catches up only the tail of the log; a file
of another log or another schema is rebuilt; a file in use runs the model in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import duckdb
import pytest

from projections.portal.durable import ORIGIN_TABLE
from projections.portal.follower import PortalReadModel
from services.mentoring import MentoringService
from tests.integration.projections.test_portal_read_model import launch, programs


def store_env(path: Path) -> dict[str, str]:
    """A SQLite store at ``path``."""
    return {"PERSISTENCE_MODULE": "gateways.stores.sqlite", "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "10"}


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[MentoringService]:
    service = MentoringService(env=store_env(tmp_path / "events.db"))
    yield service
    service.close()


@pytest.fixture
def portal_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "portal.duckdb"


def followed(service: MentoringService, path: Path) -> PortalReadModel:
    """A read model of ``service`` in ``path``, caught up with the log."""
    model = PortalReadModel(service.recorder, service.mapper, path, memory_limit="256MB")
    model.track(service)
    assert model.wait_for(service.recorder.max_notification_id() or 0, timeout=10)
    return model


def counted_reads(service: MentoringService, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of notifications of each read of the log from now on."""
    counts: list[int] = []
    select = service.recorder.select_notifications

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = select(*args, **kwargs)
        counts.append(len(found))
        return found

    monkeypatch.setattr(service.recorder, "select_notifications", counting)
    return counts


def launched(service: MentoringService, count: int) -> list[UUID]:
    return [launch(service, f"program {number}") for number in range(count)]


def test_a_restart_reads_only_the_events_written_since_the_last_stop(
    writer: MentoringService, portal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = launched(writer, 5)
    followed(writer, portal_file).stop()
    later = launched(writer, 2)
    reads = counted_reads(writer, monkeypatch)

    model = followed(writer, portal_file)

    assert sorted(programs(model)) == sorted(first + later)
    assert sum(reads) <= 2 + 1  # the two new events, and the first event to check the origin
    model.stop()


def test_the_file_of_another_log_is_rebuilt_from_this_one(
    writer: MentoringService, portal_file: Path, tmp_path: Path
) -> None:
    other = MentoringService(env=store_env(tmp_path / "other.db"))
    launched(other, 3)
    followed(other, portal_file).stop()
    other.close()
    mine = launched(writer, 1)

    model = followed(writer, portal_file)

    assert programs(model) == mine
    model.stop()


def test_a_file_written_by_another_schema_is_rebuilt(
    writer: MentoringService, portal_file: Path
) -> None:
    mine = launched(writer, 2)
    followed(writer, portal_file).stop()
    with duckdb.connect(str(portal_file)) as connection:
        connection.execute(ORIGIN_TABLE)
        connection.execute("UPDATE portal_origin SET schema_digest = 'an older schema'")
        connection.execute("DELETE FROM programs")  # what the stale file would lack

    model = followed(writer, portal_file)

    assert sorted(programs(model)) == sorted(mine)
    model.stop()


def test_a_file_another_model_of_the_process_holds_is_not_shared(
    writer: MentoringService, portal_file: Path
) -> None:
    mine = launched(writer, 1)
    holder = followed(writer, portal_file)

    second = followed(writer, portal_file)

    assert second.view.path == ":memory:"
    assert programs(second) == mine
    second.stop()
    holder.stop()


def test_the_memory_limit_is_set_on_the_database(
    writer: MentoringService, portal_file: Path
) -> None:
    model = followed(writer, portal_file)
    with model.cursor() as cursor:
        (limit,) = cursor.execute("SELECT current_setting('memory_limit')").fetchone() or ("",)
    model.stop()
    assert limit == "244.1 MiB"  # 256 MB, as DuckDB shows it
