"""`mentoring log export` / `log import`: the demo's log moved from SQLite to Kafka and back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from eventsourcing.persistence import ProcessRecorder, Tracking

from gateways.audit.verify import verify_store
from gateways.bootstrap import hris_service_env, persistence_env
from gateways.settings import Settings
from projections.runner import run_projector
from services.mentoring import MentoringService
from tests.integration.legacy_log.tables import table_digests
from tests.integration.log_transfer.conftest import invoke, kafka_env, sqlite_env


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (its write-ahead log included)."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def store_env(env: dict[str, str]) -> dict[str, str]:
    """The eventsourcing environment of the store the CLI's ``env`` names."""
    settings = Settings(store=env["MENTORING_STORE"],
                        kafka_topic_prefix=env.get("MENTORING_KAFKA_TOPIC_PREFIX", "mentoring"),
                        key_store=env.get("MENTORING_KEY_STORE", ""))
    return persistence_env(settings)


def service_on(env: dict[str, str]) -> MentoringService:
    return MentoringService(env=store_env(env))


def projected(env: dict[str, str], path: Path) -> dict[str, dict[str, object]]:
    run_projector(store_env(env), path)
    return table_digests(path)


@pytest.fixture
def exported(demo_store: Path, tmp_path: Path) -> Path:
    """The demo's log exported from SQLite into a file of this test's own."""
    export = tmp_path / "log.jsonl"
    assert invoke(sqlite_env(demo_store), "log", "export", str(export))[0] == 0
    return export


def test_the_demo_log_exported_from_sqlite_and_imported_into_kafka_projects_to_the_same_tables_and_verifies(  # noqa: E501
    demo_store: Path, kafka_bootstrap: str, kafka_prefix: str, tmp_path: Path
) -> None:
    source, target = sqlite_env(demo_store), kafka_env(kafka_bootstrap, kafka_prefix)
    # The sealed texts' keys stay in the SQLite store's key file (docs/backup-and-migration.md)
    target["MENTORING_KEY_STORE"] = f"sqlite:///{demo_store.with_suffix('.keys.db')}"
    export = tmp_path / "log.jsonl"

    code, out, err = invoke(source, "log", "export", str(export))
    assert code == 0, err
    code, out, err = invoke(target, "log", "import", str(export))
    assert code == 0, err
    assert "chains verified" in out

    kafka = service_on(target)
    try:
        verdict = verify_store(kafka)
    finally:
        kafka.close()
    events = len(lines_of(export)) - 2
    assert verdict.ok and verdict.events_verified == events > 1000
    assert projected(target, tmp_path / "kafka.duckdb") == projected(
        source, tmp_path / "sqlite.duckdb"
    )


def test_an_export_keeps_every_event_with_its_original_notification_id_and_chain_hash(
    demo_store: Path, exported: Path
) -> None:
    lines = lines_of(exported)
    with sqlite3.connect(demo_store) as db:
        chain = db.execute("SELECT notification_id, hash FROM event_chain ORDER BY 1").fetchall()
    events = lines[1:-1]
    assert lines[0]["format"] == "mentoring-log/1" and lines[0]["store"] == "sqlite"
    assert [(e["notification_id"], e["headers"]["hash"]) for e in events] == chain  # type: ignore[index]
    assert lines[-1] == {"end": {"events": len(chain), "head_hash": chain[-1][1], "positions": 0}}


def test_a_log_exported_from_kafka_keeps_the_record_headers_and_imports_into_sqlite(
    demo_store: Path, kafka_bootstrap: str, kafka_prefix: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "from-sqlite.jsonl", tmp_path / "from-kafka.jsonl"
    kafka, back = kafka_env(kafka_bootstrap, kafka_prefix), sqlite_env(tmp_path / "back.db")
    assert invoke(sqlite_env(demo_store), "log", "export", str(first))[0] == 0
    assert invoke(kafka, "log", "import", str(first))[0] == 0

    code, _, err = invoke(kafka, "log", "export", str(second))
    assert code == 0, err
    headers = lines_of(second)[1]["headers"]
    assert list(headers) == [  # type: ignore[call-overload]
        "schema", "event_type", "originator_version", "notification_id", "recorded_at", "hash"
    ]
    code, _, err = invoke(back, "log", "import", str(second))
    assert code == 0, err
    with sqlite3.connect(demo_store) as a, sqlite3.connect(tmp_path / "back.db") as b:
        query = "SELECT hash FROM event_chain ORDER BY notification_id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_an_altered_export_file_is_refused_before_anything_is_written(
    exported: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target.db"
    lines = exported.read_text(encoding="utf-8").splitlines()
    event = json.loads(lines[5])
    event["value"] = event["value"].replace('"hris"', '"mallory"', 1)
    lines[5] = json.dumps(event)
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")

    code, _, err = invoke(sqlite_env(target), "log", "import", str(exported))
    assert code == 2
    assert "event 5: hash does not match" in err
    service = service_on(sqlite_env(target))
    try:
        assert not service.recorder.max_notification_id()
    finally:
        service.close()


def test_a_truncated_export_file_is_refused(exported: Path, tmp_path: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    exported.write_text("\n".join(lines[:-10]) + "\n", encoding="utf-8")
    code, _, err = invoke(sqlite_env(tmp_path / "t.db"), "log", "import", str(exported))
    assert code == 2 and "truncated" in err


def test_an_import_into_a_store_that_holds_events_is_refused(
    demo_store: Path, exported: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    copy_store(demo_store, copy)
    code, _, err = invoke(sqlite_env(copy), "log", "import", str(exported))
    assert code == 2 and "import only into an empty store" in err


def test_an_export_of_an_altered_store_fails_naming_the_event_and_writes_no_file(
    demo_store: Path, tmp_path: Path
) -> None:
    altered, export = tmp_path / "altered.db", tmp_path / "log.jsonl"
    copy_store(demo_store, altered)
    with sqlite3.connect(altered) as db:
        db.execute("UPDATE stored_events SET originator_version = originator_version + 0,"
                   " state = replace(state, 'hris', 'mallory') WHERE rowid = 7")
    code, _, err = invoke(sqlite_env(altered), "log", "export", str(export))
    assert code == 2 and "event 7: hash does not match" in err
    assert not export.exists() and not list(tmp_path.glob("*.partial"))


def test_the_hris_consumers_positions_move_with_the_log(
    demo_store: Path, kafka_bootstrap: str, kafka_prefix: str, tmp_path: Path
) -> None:
    source, export = tmp_path / "ingested.db", tmp_path / "log.jsonl"
    copy_store(demo_store, source)
    ingesting = MentoringService(env=hris_service_env(Settings(store=f"sqlite:///{source}")))
    try:
        assert isinstance(ingesting.recorder, ProcessRecorder)
        for upstream, position in (("hris:0", 41), ("hris:0", 42), ("hris:1", 7)):
            ingesting.recorder.insert_events([], tracking=Tracking(upstream, position))
    finally:
        ingesting.close()
    target = kafka_env(kafka_bootstrap, kafka_prefix)

    assert invoke(sqlite_env(source), "log", "export", str(export))[0] == 0
    assert [line for line in lines_of(export) if "tracking" in line] == [
        {"tracking": {"application_name": "hris:0", "notification_id": 42}},
        {"tracking": {"application_name": "hris:1", "notification_id": 7}},
    ]
    code, out, err = invoke(target, "log", "import", str(export))
    assert code == 0, err
    assert "and 2 consumer positions" in out

    settings = Settings(store=target["MENTORING_STORE"], kafka_topic_prefix=kafka_prefix)
    kafka = MentoringService(env=hris_service_env(settings))
    try:
        assert isinstance(kafka.recorder, ProcessRecorder)
        assert (kafka.recorder.max_tracking_id("hris:0"), kafka.recorder.max_tracking_id("hris:1")
                ) == (42, 7)
    finally:
        kafka.close()
    again = tmp_path / "again.jsonl"
    assert invoke(target, "log", "export", str(again))[0] == 0
    assert lines_of(again)[-1]["end"]["positions"] == 2  # type: ignore[index]
