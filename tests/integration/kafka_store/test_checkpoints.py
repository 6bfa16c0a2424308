"""The index checkpoint in the state directory: restarts read only the tail; faults rebuild or
refuse (docs/kafka-store.md, "The index on disk")."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import structlog
import typer
from eventsourcing.persistence import StoredEvent

from gateways.entrypoints.cli.errors import run_cleanly
from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.errors import CheckpointMismatchError
from gateways.stores.kafka.recorders import KafkaApplicationRecorder
from tests.integration.kafka_store.conftest import EVENTS, FactoryMaker
from tests.integration.kafka_store.support import application, records_read, write


def _checkpoint_file(state_dir: Path) -> Path:
    return state_dir / "App.events.0.sqlite3"


def _edit_checkpoint(state_dir: Path, assignment: str) -> None:
    with sqlite3.connect(_checkpoint_file(state_dir)) as db:
        db.execute(f"UPDATE checkpoint SET {assignment}")


def test_a_restart_reads_only_the_tail_past_the_checkpoint(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory],
    make_factory: FactoryMaker,
) -> None:
    elsewhere = make_factory()  # a writer without the state directory appends three more
    write(application(elsewhere), 3)
    elsewhere.close()

    read = records_read(lambda: application(with_state()))

    assert read == 3 + 1  # the tail, and the checkpoint's last record (checked against its hash)


def test_a_restarted_writer_loads_old_aggregates_by_offset_and_writes_on(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory]
) -> None:
    recorder = application(with_state())

    [first] = recorder.select_events(checkpointed[0])
    assert (first.originator_id, first.originator_version) == (checkpointed[0], 1)
    assert recorder.insert_events([StoredEvent(checkpointed[0], 2, "Changed", b"{}")]) == [
        EVENTS + 1
    ]


def test_a_missing_checkpoint_is_rebuilt_from_the_log(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory], tmp_path: Path
) -> None:
    _checkpoint_file(tmp_path).unlink()

    assert records_read(lambda: application(with_state())) == EVENTS
    assert _checkpoint_file(tmp_path).exists()


def _rebuilt(with_state: Callable[..., KafkaFactory]) -> tuple[int, list[str], int | None]:
    """Open again: (records read, index_rebuilt log events, the head after writing one more)."""
    opened: list[KafkaApplicationRecorder] = []

    def open_it() -> KafkaApplicationRecorder:
        opened.append(application(with_state()))
        return opened[0]

    with structlog.testing.capture_logs() as logs:
        read = records_read(open_it)
    write(opened[0], 1)
    reasons = [entry["reason"] for entry in logs if entry["event"] == "kafka_index_rebuilt"]
    return read, reasons, opened[0].max_notification_id()


def test_a_file_that_is_not_sqlite_is_rebuilt_from_the_log(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory], tmp_path: Path
) -> None:
    _checkpoint_file(tmp_path).write_bytes(b"not a database, just bytes " * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{_checkpoint_file(tmp_path)}{suffix}").unlink(missing_ok=True)

    read, reasons, head = _rebuilt(with_state)

    assert (read, head) == (EVENTS, EVENTS + 1)
    assert reasons == ["not a SQLite file"]


def _another_schema(state_dir: Path) -> None:
    with sqlite3.connect(_checkpoint_file(state_dir)) as db:
        db.execute("DROP TABLE checkpoint")
        db.execute("CREATE TABLE checkpoint (singleton INTEGER PRIMARY KEY, something TEXT)")


@pytest.mark.parametrize(
    ("damage", "records_read_first", "reason"),
    [
        pytest.param(_another_schema, EVENTS, "^unreadable",
                     id="a file with another schema"),
        pytest.param(partial(_edit_checkpoint, assignment="next_offset = 1000000, count = 999999"),
                     EVENTS, "^ahead of the log", id="a checkpoint ahead of the log"),
        pytest.param(partial(_edit_checkpoint, assignment=f"last_hash = '{'f' * 64}'"),
                     1 + EVENTS,  # the checked last record, then the log
                     "not in the log as indexed",
                     id="a checkpoint whose last hash the log does not have"),
    ],
)
def test_a_damaged_checkpoint_is_rebuilt_from_the_log_naming_why(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory], tmp_path: Path,
    damage: Callable[[Path], None], records_read_first: int, reason: str,
) -> None:
    damage(tmp_path)

    read, reasons, head = _rebuilt(with_state)

    assert (read, head) == (records_read_first, EVENTS + 1)
    assert len(reasons) == 1 and re.search(reason, reasons[0])


def test_a_tail_that_does_not_chain_from_the_checkpoint_is_rebuilt_from_the_log(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory],
    make_factory: FactoryMaker, tmp_path: Path,
) -> None:
    elsewhere = make_factory()
    write(application(elsewhere), 2)
    elsewhere.close()
    # the checkpoint claims one record fewer: its "last" record's hash is not what the tail's
    # first record chains from
    _edit_checkpoint(tmp_path, f"count = {EVENTS - 1}")
    with sqlite3.connect(_checkpoint_file(tmp_path)) as db:
        db.execute("DELETE FROM events WHERE id = ?", (EVENTS,))

    read, reasons, head = _rebuilt(with_state)

    assert head == EVENTS + 3
    assert len(reasons) == 1 and "notification id" in reasons[0]
    assert read >= EVENTS + 2


def test_a_checkpoint_of_another_cluster_is_refused_naming_both(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory], tmp_path: Path
) -> None:
    _edit_checkpoint(tmp_path, "cluster_id = 'another-cluster'")

    with pytest.raises(CheckpointMismatchError) as refused:
        application(with_state())

    message = str(refused.value)
    assert "'another-cluster'" in message and "cluster '" in message.split("not for")[1]
    assert "\n" not in message


def test_a_checkpoint_of_another_topic_prefix_is_refused_naming_both(
    checkpointed: list[uuid.UUID], with_state: Callable[..., KafkaFactory],
    kafka_env: dict[str, str],
) -> None:
    other = f"{kafka_env['KAFKA_TOPIC_PREFIX']}-other"

    with pytest.raises(CheckpointMismatchError) as refused:
        application(with_state(KAFKA_TOPIC_PREFIX=other))

    message = str(refused.value)
    assert f"topic '{kafka_env['KAFKA_TOPIC_PREFIX']}.App.events'" in message
    assert f"topic '{other}.App.events'" in message


def test_the_cli_prints_a_refused_checkpoint_as_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(typer.Exit) as exited, run_cleanly():
        raise CheckpointMismatchError("the index checkpoint x was made for cluster 'a', not b")

    assert exited.value.exit_code == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: the index checkpoint x was made for cluster 'a', not b"
    ]


def test_a_writer_and_a_reader_on_one_state_directory_keep_a_file_each(
    with_state: Callable[..., KafkaFactory], tmp_path: Path
) -> None:
    writing, reading = with_state(), with_state()
    writer, reader = application(writing), application(reading)
    write(writer, 5)
    assert reader.max_notification_id() == 5
    writing.close()
    reading.close()

    files = sorted(path.name for path in tmp_path.glob("*.sqlite3"))
    assert files == ["App.events.0.sqlite3", "App.events.1.sqlite3"]
    for _ in files:  # each file is whole: reopened, each reads no more than its last record
        assert records_read(lambda: application(with_state())) <= 1
