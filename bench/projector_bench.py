"""Projector catch-up throughput (SQLite and Kafka stores) and retention query latency.

    .venv/bin/python bench/projector_bench.py [--events 1000000] [--stores sqlite,kafka]
        [--latency-employees 1000000] [--skip-latency]

Catch-up: a synthetic organisation's events (HR facts, mentorships, kickoffs, sessions, memos,
surveys) are written once per store (SQLite: the application's own hash-chained store,
gateways.stores.sqlite), then read in the same run: a raw read of the store (SQLite rows / Kafka
topic records, undecoded), the store's generic read path (recorder.select_notifications), its
columnar read when it has one (the path the projector takes, projections.log_columns), and the
projector (read + project + DuckDB commit).
Latency: the projection tables of a synthetic organisation are generated directly in DuckDB at
the stated size, then each retention query runs repeatedly; p50 and p95 are reported.
MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the broker.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.employees import Employee  # noqa: E402
from domain.mentorships import Mentorship  # noqa: E402
from gateways.bootstrap import STREAMING_RECORDER  # noqa: E402
from projections.catch_up import CatchUp  # noqa: E402
from projections.log_columns import ColumnarLog, column_reader  # noqa: E402
from projections.read_side import ReadSideProjection  # noqa: E402
from projections.store import open_event_log  # noqa: E402
from projections.view import DuckDBView  # noqa: E402

DEPARTMENTS = ("Sales", "Eng", "Ops", "Finance", "HR", "Legal")
LOCATIONS = ("Paris", "Lyon", "Berlin", "Madrid")


def synthetic_events(total: int, seed: int = 11) -> Any:
    """Yield lists of domain events (one list per aggregate) until about `total` events."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    program = uuid.uuid4()
    produced, number = 0, 0
    while produced < total:
        hris = f"E{number}"
        employee = Employee.create_id(hris)
        hired = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        common = {"originator_id": employee, "timestamp": now, "actor": "hris"}
        events: list[Any] = [Employee.Hired(
            **common, originator_version=1, originator_topic="domain.employees:Employee",
            effective_date=hired, hris_id=hris, department=rng.choice(DEPARTMENTS),
            job_level=rng.randrange(1, 6), manager_id=f"E{rng.randrange(number + 1)}",
            location=rng.choice(LOCATIONS), demographic_group=rng.choice("ABC"),
        )]
        day = hired
        for kind in ("promote", "transfer", "manager", "leave"):
            if rng.random() < 0.4:
                day = day + timedelta(days=rng.randrange(30, 600))
                version = len(events) + 1
                if kind == "promote":
                    events.append(Employee.Promoted(
                        **common, originator_version=version, effective_date=day,
                        new_job_level=rng.randrange(2, 8)))
                elif kind == "transfer":
                    events.append(Employee.Transferred(
                        **common, originator_version=version, effective_date=day,
                        new_department=rng.choice(DEPARTMENTS)))
                elif kind == "manager":
                    events.append(Employee.ManagerChanged(
                        **common, originator_version=version, effective_date=day,
                        new_manager_id=f"E{rng.randrange(number + 1)}"))
                else:
                    events.append(Employee.Left(
                        **common, originator_version=version, effective_date=day,
                        reason=rng.choice(("voluntary", "involuntary", "retirement"))))
        batches = [events]
        if number and rng.random() < 0.35:
            batches.append(_mentorship(rng, now, program, hris, f"E{number - 1}", hired))
        for batch in batches:
            produced += len(batch)
            yield batch
        number += 1


def _mentorship(
    rng: random.Random, now: datetime, program: uuid.UUID, mentee: str, mentor: str, day: date
) -> list[Any]:
    pair = uuid.uuid4()
    common = {"originator_id": pair, "timestamp": now}
    day = day + timedelta(days=rng.randrange(30, 400))
    events: list[Any] = [Mentorship.PairAssigned(
        **common, originator_version=1, originator_topic="domain.mentorships:Mentorship",
        actor="admin", effective_date=day, mentee_id=mentee, mentor_id=mentor,
        program_id=program, topic="sales",
    )]
    for who in (mentee, mentor):
        events.append(Mentorship.KickoffAnswered(
            **common, originator_version=len(events) + 1, actor=who, effective_date=day,
            participant_id=who, goals="g", communication="c", off_limits="o",
            confidentiality="k"))
    for _ in range(rng.randrange(3, 9)):
        day = day + timedelta(days=rng.randrange(7, 40))
        events.append(Mentorship.SessionHeld(
            **common, originator_version=len(events) + 1, actor=mentee, effective_date=day,
            duration_minutes=rng.choice((30, 45, 60, 90)), mode="virtual",
            topics=("sales", "pricing")))
    events.append(Mentorship.MemoFiled(
        **common, originator_version=len(events) + 1, actor=mentee, effective_date=day,
        skills=tuple(rng.sample(("negotiation", "pricing", "sql", "coaching"), 2)), text="x"))
    events.append(Mentorship.SurveyAnswered(
        **common, originator_version=len(events) + 1, actor=mentee, effective_date=day,
        respondent_id=mentee, confidence=4, commitment=5, org_understanding=3, networking=4,
        pairing_fit=5))
    return events


def write_log(env: dict[str, str], total: int) -> int:
    """Write about `total` synthetic events to the store; returns the head notification id."""
    recorder, mapper = open_event_log(env)
    chunk: list[Any] = []
    for events in synthetic_events(total):
        chunk.extend(mapper.to_stored_event(e) for e in events)
        if len(chunk) >= 5000:
            recorder.insert_events(chunk)
            chunk = []
    if chunk:
        recorder.insert_events(chunk)
    return int(recorder.max_notification_id() or 0)


def timed(label: str, events: int, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    rate = events / elapsed
    print(f"  {label:<44} {events:>9} events {elapsed:7.1f} s {rate:>10,.0f} events/s")
    return rate


def read_all(env: dict[str, str], batch: int = 10_000) -> None:
    recorder, _ = open_event_log(env)
    start: int | None = None
    while notifications := recorder.select_notifications(start, batch, inclusive_of_start=False):
        start = notifications[-1].id


def read_columns(env: dict[str, str], batch: int = 10_000) -> None:
    read = column_reader(open_event_log(env)[0])
    start: int | None = None
    while len(columns := read(start, batch)):
        start = columns.ids[-1]


def project(env: dict[str, str], workdir: Path, batch: int, set_based: bool = True) -> None:
    recorder, mapper = open_event_log(env)
    path = workdir / f"bench-{uuid.uuid4().hex[:8]}.duckdb"
    view = DuckDBView(path)
    CatchUp(recorder, mapper, ReadSideProjection(view), batch, set_based=set_based).run()
    view.close()


def raw_sqlite(path: str) -> None:
    connection = sqlite3.connect(path)
    cursor = connection.execute("SELECT rowid, topic, state FROM stored_events ORDER BY rowid")
    while cursor.fetchmany(10_000):
        pass
    connection.close()


def raw_kafka(bootstrap: str, topic: str, expected: int) -> None:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, isolation_level="read_committed",
        enable_auto_commit=False, auto_offset_reset="earliest", consumer_timeout_ms=5000,
        max_partition_fetch_bytes=16 * 1024 * 1024, fetch_max_bytes=64 * 1024 * 1024,
    )
    consumer.assign([TopicPartition(topic, 0)])
    for seen, _ in enumerate(consumer, start=1):
        if seen >= expected:
            break
    consumer.close()


def catch_up_bench(args: argparse.Namespace, workdir: Path) -> None:
    print(f"\nCatch-up throughput (about {args.events:,} events, batch {args.batch})")
    for store in args.stores.split(","):
        if store == "sqlite":
            path = str(workdir / "events.db")
            env = {"PERSISTENCE_MODULE": "gateways.stores.sqlite", "SQLITE_DBNAME": path}
        else:
            bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
            prefix = "bench" + uuid.uuid4().hex[:8]
            # The store reads the whole topic into its index when a recorder is built, within
            # 3 x max(timeouts): at the default 10 s that is too short for a 1M-event topic.
            env = {"PERSISTENCE_MODULE": "gateways.stores.kafka",
                   "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix,
                   "KAFKA_CONNECT_TIMEOUT": "120"}
        started = time.perf_counter()
        head = write_log(env, args.events)
        print(f" {store}: wrote {head:,} events in {time.perf_counter() - started:.1f} s")
        if store == "sqlite":
            timed("raw read (sqlite3 rows, undecoded)", head, lambda p=path: raw_sqlite(p))
        else:
            consume = partial(raw_kafka, bootstrap, f"{prefix}.mentoring.events", head)
            timed("raw consume of the topic (kafka-python)", head, consume)
        indexed = env
        if store == "kafka":  # as `mentoring project` reads: no index (KafkaStreamingRecorder)
            env = {**env, "APPLICATION_RECORDER_TOPIC": STREAMING_RECORDER}
        timed("store read (select_notifications)", head, lambda e=env: read_all(e))
        if isinstance(open_event_log(env)[0], ColumnarLog):
            timed("store read (columnar)", head, lambda e=env: read_columns(e))
        timed("projector catch-up (set-based routes)", head,
              lambda e=env: project(e, workdir, args.batch))
        if store == "kafka":
            timed("projector catch-up, indexed recorder (index built, then streamed)", head,
                  lambda e=indexed: project(e, workdir, args.batch))
        if args.python_path:
            timed("projector catch-up (all events via mapper)", head,
                  lambda e=env: project(e, workdir, args.batch, set_based=False))
        if store == "kafka":
            delete_topics(bootstrap, prefix)


def delete_topics(bootstrap: str, prefix: str) -> None:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.delete_topics([t for t in admin.list_topics() if t.startswith(prefix + ".")])
    finally:
        admin.close()


LATENCY_TABLES = """
SELECT setseed(0.42);
CREATE TEMP TABLE people AS SELECT range AS n, gen_random_uuid() AS employee_id,
    DATE '2008-01-01' + CAST(floor(random() * 5800) AS INTEGER) AS hired_on FROM range({n});
INSERT INTO employment_spells SELECT employee_id, 1, hired_on,
    CASE WHEN random() < 0.3 THEN hired_on + CAST(60 + floor(random() * 3000) AS INTEGER) END,
    NULL, NULL FROM people;
UPDATE employment_spells SET exit_reason = CASE WHEN random() < 0.6 THEN 'voluntary'
    WHEN random() < 0.5 THEN 'involuntary' ELSE 'retirement' END WHERE left_on IS NOT NULL;
UPDATE employment_spells SET voluntary = exit_reason = 'voluntary' WHERE left_on IS NOT NULL;
INSERT INTO employee_history SELECT employee_id, valid_from,
    LEAD(valid_from) OVER (PARTITION BY employee_id ORDER BY valid_from),
    (['Sales', 'Eng', 'Ops', 'Finance', 'HR', 'Legal'])[1 + CAST(floor(random() * 6) AS INTEGER)],
    1 + CAST(floor(random() * 7) AS INTEGER), NULL,
    (['Paris', 'Lyon', 'Berlin', 'Madrid'])[1 + CAST(floor(random() * 4) AS INTEGER)]
FROM (SELECT employee_id, hired_on + CAST(k * 450 AS INTEGER) AS valid_from
      FROM people, range(3) t(k));
INSERT INTO employee_changes (notification_id, employee_id, change, effective_date, level)
SELECT row_number() OVER (), employee_id, c, hired_on + CAST(floor(random() * 2000) AS INTEGER),
    2 FROM people, (VALUES ('hired'), ('promoted'), ('transferred')) v(c)
WHERE c <> 'promoted' OR random() < 0.5;
INSERT INTO programs (program_id, name) SELECT gen_random_uuid(), 'Program ' || range FROM range(5);
CREATE TEMP TABLE pairs AS SELECT gen_random_uuid() AS mentorship_id,
    (SELECT list(program_id) FROM programs)[1 + CAST(floor(random() * 5) AS INTEGER)]
        AS program_id,
    1 + CAST(floor(random() * 3) AS INTEGER) AS round_no,
    CAST(floor(random() * {n}) AS BIGINT) AS mentee,
    CAST(floor(random() * {n}) AS BIGINT) AS mentor,
    DATE '2015-01-01' + CAST(floor(random() * 3600) AS INTEGER) AS started_on
FROM range({pairs});
INSERT INTO participations SELECT p.mentorship_id, e.employee_id, 'mentee', p.program_id,
    p.round_no, p.started_on, NULL, NULL FROM pairs p JOIN people e ON e.n = p.mentee;
INSERT INTO participations SELECT p.mentorship_id, e.employee_id, 'mentor', p.program_id,
    p.round_no, p.started_on, NULL, NULL FROM pairs p JOIN people e ON e.n = p.mentor;
INSERT INTO sessions SELECT range, p.mentorship_id, p.started_on + CAST(range % 700 AS INTEGER),
    60, 'virtual', ['sales'] FROM range({sessions}) JOIN (SELECT row_number() OVER () - 1 AS i,
    mentorship_id, started_on FROM pairs) p ON p.i = range % {pairs};
"""


def latency_bench(employees: int, workdir: Path) -> None:
    """Generate the projection tables at size, then time each retention query."""
    from projections.analytics import Analytics
    from projections.queries.promotion import PromotionQuery
    from projections.queries.retention import RetentionQuery

    pairs, sessions = employees * 3 // 10, employees * 15
    print(f"\nRetention query latency: {employees:,} employees, {pairs:,} mentorships, "
          f"{sessions:,} sessions (tables generated in DuckDB)")
    view = DuckDBView(workdir / "latency.duckdb")
    started = time.perf_counter()
    for statement in LATENCY_TABLES.format(n=employees, pairs=pairs, sessions=sessions).split(";"):
        if statement.strip():
            view.connection.execute(statement)
    counts = {t: view.fetch(f"SELECT count(*) FROM {t}")[0][0]
              for t in ("employment_spells", "employee_history", "employee_changes",
                        "participations", "sessions")}
    hr = counts["employee_changes"]
    print(f"  built in {time.perf_counter() - started:.0f} s: {counts}; event-equivalent "
          f"{hr + pairs * 6 + sessions:,} (HR changes + 6 per mentorship + sessions)")
    view.connection.execute("CHECKPOINT")
    analytics = Analytics(view.cursor())
    program = view.fetch("SELECT program_id FROM programs LIMIT 1")[0][0]
    window = (date(2023, 1, 1), date(2023, 12, 31))
    queries = {
        "retention, in vs out": RetentionQuery(*window),
        "retention, voluntary only": RetentionQuery(*window, voluntary_only=True),
        "retention by department": RetentionQuery(*window, group_by="department"),
        "retention by hire quarter": RetentionQuery(*window, group_by="hire_quarter"),
        "retention by program": RetentionQuery(*window, group_by="program"),
        "retention, mentees of one program": RetentionQuery(*window, role="mentee",
                                                            programs=(program,)),
    }
    for label, query in queries.items():
        _latency(label, lambda q=query: analytics.run(q))
    _latency("promotion, in vs out", lambda: analytics.run(PromotionQuery(*window)))
    view.close()


def _latency(label: str, action: Callable[[], object], runs: int = 9) -> None:
    action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"  {label:<36} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite,kafka")
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--python-path", action="store_true")
    parser.add_argument("--latency-employees", type=int, default=1_000_000)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-catch-up", action="store_true")
    arguments = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as directory:
        if not arguments.skip_catch_up:
            catch_up_bench(arguments, Path(directory))
        if not arguments.skip_latency:
            latency_bench(arguments.latency_employees, Path(directory))
    print(f"\nmachine: {os.cpu_count()} CPUs")
