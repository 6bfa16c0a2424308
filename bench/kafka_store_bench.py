"""Append throughput and latency: raw transactional producer vs the Kafka store vs SQLite.

    .venv/bin/python bench/kafka_store_bench.py [--seconds 4] [--latency-appends 400]

Uses MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092); creates its own topics and deletes
them afterwards. Each append writes a new aggregate's events (versions 1..n), as an
application's save() of a new aggregate would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import structlog
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import Environment
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateways.kafka_store import KafkaFactory  # noqa: E402

Append = Callable[[list[StoredEvent]], object]
THREADS = 8


@dataclass
class Result:
    name: str
    throughput: dict[int, float]
    p50_ms: float
    p99_ms: float


def batch(size: int) -> list[StoredEvent]:
    aggregate = uuid.uuid4()
    state = b'{"mentor":"Ada Lovelace","program":"2026-spring","note":"bench"}'
    return [StoredEvent(aggregate, v, "Bench.Appended", state) for v in range(1, size + 1)]


def throughput(append: Append, size: int, seconds: float) -> float:
    stop, counts = threading.Event(), [0] * THREADS

    def work(slot: int) -> None:
        while not stop.is_set():
            append(batch(size))
            counts[slot] += size

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - began)


def latency(append: Append, count: int) -> tuple[float, float]:
    for _ in range(20):
        append(batch(1))
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        append(batch(1))
        samples.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49], cuts[98]


def measure(
    name: str, appender: Callable[[], Iterator[Append]], args: argparse.Namespace
) -> Result:
    rates = {}
    for size in (1, 10):
        with contextmanager(appender)() as append:
            throughput(append, size, 0.5)  # warm up
            rates[size] = throughput(append, size, args.seconds)
    with contextmanager(appender)() as append:
        p50, p99 = latency(append, args.latency_appends)
    print(f"  measured {name}", file=sys.stderr)
    return Result(name, rates, p50, p99)


def raw_producer(bootstrap: str, prefix: str) -> Callable[[], Iterator[Append]]:
    """Transactional producers (one per thread, as transactions are per producer), no checks."""

    def appender() -> Iterator[Append]:
        topic = f"{prefix}.raw.{uuid.uuid4().hex[:6]}"
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        admin.create_topics([NewTopic(topic, 1, 1)])
        producers: dict[int, KafkaProducer] = {}
        lock = threading.Lock()

        def append(events: list[StoredEvent]) -> None:
            ident = threading.get_ident()
            with lock:
                if ident not in producers:
                    producer = KafkaProducer(
                        bootstrap_servers=bootstrap,
                        transactional_id=f"{topic}.{len(producers)}",
                        linger_ms=0,
                        retry_backoff_ms=5,
                    )
                    producer.init_transactions()
                    producers[ident] = producer
            producer = producers[ident]
            producer.begin_transaction()
            for event in events:
                producer.send(
                    topic, event.state, key=str(event.originator_id).encode(), partition=0
                )
            producer.commit_transaction()

        yield append
        for producer in producers.values():
            producer.close()
        admin.delete_topics([topic])
        admin.close()

    return appender


def kafka_store(bootstrap: str, prefix: str) -> Callable[[], Iterator[Append]]:
    def appender() -> Iterator[Append]:
        env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix}
        factory = KafkaFactory(Environment(f"Bench{uuid.uuid4().hex[:6]}", env))
        recorder = factory.application_recorder()
        yield recorder.insert_events
        factory.close()
        admin = factory.store.admin.__class__(bootstrap_servers=bootstrap)
        admin.delete_topics([name for name in admin.list_topics() if name.startswith(prefix)])
        admin.close()

    return appender


def sqlite_file(directory: str) -> Callable[[], Iterator[Append]]:
    def appender() -> Iterator[Append]:
        path = os.path.join(directory, f"{uuid.uuid4().hex}.db")
        factory = SQLiteFactory(
            Environment("Bench", {"SQLITE_DBNAME": path, "SQLITE_LOCK_TIMEOUT": "10"})
        )
        recorder = factory.application_recorder()
        yield recorder.insert_events
        factory.close()

    return appender


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--latency-appends", type=int, default=400)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
    bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as directory:
        results = [
            measure("raw kafka-python txn producer", raw_producer(bootstrap, prefix), args),
            measure("KafkaStore recorder", kafka_store(bootstrap, prefix), args),
            measure("eventsourcing SQLite (file)", sqlite_file(directory), args),
        ]
    sqlite = results[-1]
    print(
        f"\n{THREADS} threads, {args.seconds:g}s per throughput run; latency over "
        f"{args.latency_appends} sequential single-event appends; broker {bootstrap}\n"
    )
    print(
        f"{'system':31} {'ev/s b=1':>9} {'ev/s b=10':>10} {'xSQLite b=1':>12} "
        f"{'xSQLite b=10':>13} {'p50 ms':>7} {'p99 ms':>7}"
    )
    for result in results:
        ratios = [result.throughput[size] / sqlite.throughput[size] for size in (1, 10)]
        print(
            f"{result.name:31} {result.throughput[1]:9,.0f} {result.throughput[10]:10,.0f} "
            f"{ratios[0]:11.2f}x {ratios[1]:12.2f}x {result.p50_ms:7.2f} {result.p99_ms:7.2f}"
        )


if __name__ == "__main__":
    main()
