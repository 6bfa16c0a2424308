"""Erasure on the real stores (a SQLite file, the real Kafka broker), end to end.

Before the erasure the pair reads the mentee's texts through the API; after it no raw byte of
the store (every SQLite file; every topic, read with a plain kafka-python consumer) holds them
(nor the destroyed key, on SQLite), the API shows ``[erased]``, the read side's figures (every
count and date) are unchanged and a rebuild equals the live projection, and ``mentoring audit
verify`` passes.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, TopicPartition
from typer.testing import CliRunner

from gateways.audit.replay import replay_and_compare
from gateways.bootstrap import build_http_app, persistence_env, streaming_reader_env
from gateways.entrypoints.cli.main import app as cli
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from projections.runner import run_projector
from tests.e2e.http_world import Api, enrol, key_settings, launch_program, volunteer

ERASED = "[erased]"
SEALED_COLUMNS = {"demographic_group", "reason", "decline_reason"}
"""Columns of the read side holding a sealed value (blanked on erasure); all others are
figures, ids and dates, which an erasure must not change."""


@dataclass
class World:
    """One store with a pair whose mentee E2 wrote one text of each kind, then was erased."""

    settings: Settings
    api: Api
    texts: dict[str, str]
    mentorship_id: str = ""
    request_id: str = ""
    story_id: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


def unique_texts() -> dict[str, str]:
    """A text of each kind, unique to the run, so a raw byte search finds nothing by chance."""
    token = uuid.uuid4().hex
    return {kind: f"{kind} of E2 {token}" for kind in
            ("memo", "kickoff", "goal", "reason", "story", "group")}


def hire(api: Api, hris_id: str, group: str | None = None) -> None:
    """The HRIS reports a hire (with a demographic group when given)."""
    api.ok("POST", "/employees", Role.HRIS, body={
        "hris_id": hris_id, "department": "sales", "job_level": 5, "manager_id": None,
        "location": "Lisbon", "hired_on": "2024-01-02", "demographic_group": group,
    })


def build_world(world: World) -> None:
    """E1 mentors E2; E2 writes a request reason, a memo, kickoff answers and a goal; an
    admin records a story naming E2; E1 answers the kickoff too."""
    api, texts = world.api, world.texts
    hire(api, "E1")
    hire(api, "E2", texts["group"])
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    enrol(api, program_id, "E2")
    world.request_id = api.ok("POST", f"/programs/{program_id}/requests", Role.PORTAL,
                              employee="E2", body={
        "topic": "negotiation", "choices": ["E1"], "reason": texts["reason"],
        "respond_by": "2024-02-29", "effective_date": "2024-02-05"})["request_id"]
    world.mentorship_id = api.ok("POST", f"/requests/{world.request_id}/accept", Role.PORTAL,
                                 employee="E1", body={"effective_date": "2024-02-06"}
                                 )["mentorship_id"]
    path = f"/mentorships/{world.mentorship_id}"
    for person, goals in (("E2", texts["kickoff"]), ("E1", "the mentor's own goals")):
        api.ok("POST", path + "/kickoff", Role.PORTAL, employee=person, body={
            "goals": goals, "communication": "chat", "off_limits": "none",
            "confidentiality": "strict", "effective_date": "2024-02-07"})
    api.ok("POST", path + "/goals", Role.PORTAL, employee="E2", body={
        "goal_id": "g1", "description": texts["goal"], "effective_date": "2024-02-08"})
    api.ok("POST", path + "/memos", Role.PORTAL, employee="E2", body={
        "skills": ["anchoring"], "text": texts["memo"], "effective_date": "2024-02-09"})
    world.story_id = api.ok("POST", f"/programs/{program_id}/stories", Role.ADMIN, body={
        "title": "Closed alone", "text": texts["story"], "mentorship_id": world.mentorship_id,
        "employee_ids": ["E2"], "effective_date": "2024-02-10"})["story_id"]


def reads(world: World) -> dict[str, Any]:
    """What the pair reads through the API: the private record, the request, the story."""
    api, path = world.api, f"/mentorships/{world.mentorship_id}/private"
    record = api.ok("GET", path, Role.PORTAL, employee="E1")
    return {
        "memo": [memo["text"] for memo in record["memos"]],
        "kickoff": {k["participant_id"]: k["goals"] for k in record["kickoff"]},
        "reason": api.ok("GET", f"/requests/{world.request_id}", Role.PORTAL,
                         employee="E1")["reason"],
        "story": [e["data"].get("text") for e in api.ok(
            "GET", f"/audit/aggregates/{world.story_id}/history", Role.ADMIN)][:1],
        "goal": [e["data"].get("description") for e in api.ok(
            "GET", f"/audit/aggregates/{world.mentorship_id}/history", Role.ADMIN)
            if e["event_type"] == "Mentorship.GoalSet"],
    }


def figures(path: Path) -> dict[str, list[Any]]:
    """Every read-side table but the position, without its sealed columns, rows sorted."""
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]
        dump: dict[str, list[Any]] = {}
        for table in sorted(set(tables) - {"tracking"}):
            names = [row[0] for row in connection.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [table]).fetchall()]
            kept = ", ".join(f'"{name}"' for name in names if name not in SEALED_COLUMNS)
            rows = connection.execute(f"SELECT {kept} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump


def raw_sqlite_bytes(folder: Path) -> bytes:
    """Every byte of every file in the store's folder (logs, keys, ledger, journals)."""
    return b"".join(path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()
                    and not path.name.endswith(".duckdb") and ".duckdb." not in path.name)


def raw_kafka_bytes(bootstrap: str, prefix: str) -> bytes:
    """Every key, value and header of every topic of the store, read with a plain consumer."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        topics = sorted(t for t in consumer.topics() if t.startswith(prefix + "."))
        partitions = [TopicPartition(t, p) for t in topics
                      for p in consumer.partitions_for_topic(t) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        chunks: list[bytes] = [json.dumps(topics).encode()]
        while any(consumer.position(p) < end[p] for p in partitions):
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    chunks += [record.key or b"", record.value or b""]
                    chunks += [value for _, value in record.headers]
        return b"".join(chunks)
    finally:
        consumer.close()


def raw_store_bytes(world: World, folder: Path) -> bytes:
    """The raw bytes of whichever store the world runs on."""
    location = world.settings.store_location
    if location.kind == "kafka":
        return raw_kafka_bytes(location.target, world.settings.kafka_topic_prefix)
    return raw_sqlite_bytes(folder)


def sqlite_key_secrets(folder: Path, owner: str) -> list[bytes]:
    """The secrets of ``owner``'s keys in the SQLite key store (read directly)."""
    with sqlite3.connect(folder / "events.keys.db") as connection:
        rows = connection.execute(
            "SELECT secret FROM person_keys WHERE owner = ?", [owner]).fetchall()
    return [bytes(row[0]) for row in rows]


def audit_verify(settings: Settings) -> int:
    """The exit code of `mentoring audit verify` on the world's store."""
    env = {"MENTORING_STORE": settings.store, "MENTORING_ENVIRONMENT": "test",
           "MENTORING_KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix}
    return CliRunner().invoke(cli, ["audit", "verify"], env=env).exit_code


@pytest.fixture(scope="module", params=["sqlite", "kafka"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[World]:
    """The world on one store, observed before and after E2's erasure."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "kafka":
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        settings = Settings(store=f"kafka://{bootstrap}", environment="test",
                            kafka_topic_prefix="t" + uuid.uuid4().hex[:12])
    else:
        settings = Settings(store=f"sqlite:///{folder / 'events.db'}", environment="test")
    live = folder / "live.duckdb"
    with TestClient(build_http_app(settings, key_settings())) as client:
        world = World(settings, Api(client), unique_texts())
        build_world(world)
        world.before["reads"] = reads(world)
        run_projector(persistence_env(settings), live)
        world.before["figures"] = figures(live)
        if request.param == "sqlite":
            world.before["key_secrets"] = sqlite_key_secrets(folder, "E2")
        world.api.ok("POST", "/employees/E2/erasure", Role.ADMIN,
                     body={"reason": "GDPR request 17", "effective_date": "2024-03-01"})
        world.after["reads"] = reads(world)
        # on from the live position, and the replay, as `project` and `audit replay` read:
        # on Kafka without an index (KafkaStreamingRecorder)
        run_projector(streaming_reader_env(settings), live)
        world.after["figures"] = figures(live)
        world.after["replay"] = replay_and_compare(streaming_reader_env(settings), live)
    world.after["raw"] = raw_store_bytes(world, folder)
    world.after["verify"] = audit_verify(settings)
    yield world


def test_before_erasure_the_pair_reads_the_mentees_texts(world: World) -> None:
    texts = world.texts
    assert world.before["reads"] == {
        "memo": [texts["memo"]],
        "kickoff": {"E2": texts["kickoff"], "E1": "the mentor's own goals"},
        "reason": texts["reason"], "story": [texts["story"]], "goal": [texts["goal"]],
    }


def test_after_erasure_the_api_shows_erased_for_each_text(world: World) -> None:
    assert world.after["reads"] == {
        "memo": [ERASED], "kickoff": {"E2": ERASED, "E1": "the mentor's own goals"},
        "reason": ERASED, "story": [ERASED], "goal": [ERASED],
    }


def test_no_raw_byte_of_the_store_holds_an_erased_text(world: World) -> None:
    raw = world.after["raw"]
    assert [kind for kind, text in world.texts.items() if text.encode() in raw] == []


def test_the_store_is_really_read_raw(world: World) -> None:
    assert b"Mentorship.MemoFiled" in world.after["raw"] or b"MemoFiled" in world.after["raw"]


def test_the_read_side_figures_are_unchanged(world: World) -> None:
    assert world.after["figures"] == world.before["figures"]


def test_the_read_side_figures_are_not_empty(world: World) -> None:
    counts = {table: len(rows) for table, rows in world.before["figures"].items()}
    assert counts["mentorships"] == 1 and counts["requests"] == 1 and counts["memos"] == 1


def test_a_rebuild_after_erasure_equals_the_live_projection(world: World) -> None:
    report = world.after["replay"]
    assert report.equal, [t for t in report.tables if not t.equal]


def test_audit_verify_passes_after_erasure(world: World) -> None:
    assert world.after["verify"] == 0


@pytest.mark.parametrize("world", ["sqlite"], indirect=True)
def test_the_destroyed_key_is_gone_from_the_sqlite_files(world: World) -> None:
    secrets = world.before["key_secrets"]
    assert secrets and not any(secret in world.after["raw"] for secret in secrets)
