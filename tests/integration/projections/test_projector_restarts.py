"""A projector process killed with SIGKILL mid-batch resumes exactly: no event lost or doubled.

Runs against a SQLite event store and against the Kafka event store (real broker).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from projections.runner import rebuild
from projections.schema import TABLES
from tests.integration.kafka_store.support import delete_prefixed_topics
from tests.integration.projections.log_filler import HR_TOPICS, fill
from tests.integration.projections.scenario_org import EventLog

ROOT = Path(__file__).resolve().parents[3]
BATCH = 300


@dataclass
class KilledRun:
    """A view left behind by projectors killed mid-batch, and what each kill left."""

    env: dict[str, str]
    target: Path
    after_each_kill: list[tuple[int, int, int]] = field(default_factory=list)


@pytest.fixture(scope="module", params=["sqlite", "chained_sqlite", "kafka"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    if request.param in ("sqlite", "chained_sqlite"):
        # The library's recorder is read generically; ours through its columnar read.
        module = "eventsourcing.sqlite" if request.param == "sqlite" else "gateways.stores.sqlite"
        path = tmp_path_factory.mktemp("store") / "events.db"
        env = {"PERSISTENCE_MODULE": module, "SQLITE_DBNAME": str(path)}
    else:
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        prefix = "t" + os.urandom(6).hex()
        env = {
            "PERSISTENCE_MODULE": "gateways.stores.kafka",
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KAFKA_TOPIC_PREFIX": prefix,
        }
    app = EventLog(env=env)
    fill(app, employees=2000)
    app.close()
    yield env
    if request.param == "kafka":
        delete_prefixed_topics(env["KAFKA_BOOTSTRAP_SERVERS"], env["KAFKA_TOPIC_PREFIX"])


@pytest.fixture(scope="module")
def killed(store: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> KilledRun:
    run = KilledRun(store, tmp_path_factory.mktemp("view") / "view.duckdb")
    for batches in (1, 3, 2):
        kill_after_batches(start_projector(store, run.target), batches)
        reached = position(run.target)
        with duckdb.connect(str(run.target), read_only=True) as connection:
            changes = connection.execute("SELECT count(*) FROM employee_changes").fetchall()[0][0]
        run.after_each_kill.append((reached, changes, hr_events_up_to(store, reached)))
    return run


def start_projector(env: dict[str, str], target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "projections.runner", "--duckdb", str(target),
         "--batch-size", str(BATCH)],
        cwd=ROOT, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def kill_after_batches(process: subprocess.Popen[str], batches: int) -> None:
    """SIGKILL the projector while it works on the batch after `batches` committed ones."""
    seen = 0
    assert process.stdout is not None
    while seen < batches:
        line = process.stdout.readline()
        assert line, "the projector ended before it could be killed"
        seen += "projector_progress" in line
    process.send_signal(signal.SIGKILL)
    process.wait()


def position(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        return int(connection.execute("SELECT notification_id FROM tracking").fetchall()[0][0])


def hr_events_up_to(env: dict[str, str], last: int) -> int:
    app = EventLog(env=env)
    notifications = app.recorder.select_notifications(None, last + 1, stop=last)
    app.close()
    return sum(n.topic.rsplit(".", 1)[-1] in HR_TOPICS for n in notifications)


def table_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def test_each_kill_leaves_exactly_the_events_up_to_the_recorded_position(
    killed: KilledRun,
) -> None:
    positions = [reached for reached, _, _ in killed.after_each_kill]
    assert positions == sorted(positions) and positions[0] >= BATCH
    for _, rows, expected in killed.after_each_kill:
        assert rows == expected


def test_after_kills_and_a_restart_the_tables_equal_a_clean_rebuild(
    killed: KilledRun, tmp_path: Path
) -> None:
    finished = start_projector(killed.env, killed.target)
    assert finished.wait(timeout=120) == 0
    clean = tmp_path / "clean.duckdb"
    rebuild(killed.env, clean, batch_size=5000)

    assert table_contents(killed.target) == table_contents(clean)
    app = EventLog(env=killed.env)
    assert position(killed.target) == position(clean) == app.recorder.max_notification_id()
    app.close()
