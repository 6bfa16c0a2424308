"""Append throughput and latency: raw transactional producer vs the Kafka store vs SQLite.

    .venv/bin/python bench/kafka_store_bench.py [--seconds 4] [--latency-appends 400]
        [--env-file deploy/kafka/.run/client-writer.env] [--read-events 200000] [--only-kafka]

Uses MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092); creates its own topics and deletes
them afterwards. Each append writes a new aggregate's events (versions 1..n), as an
application's save() of a new aggregate would.

--env-file reads a client env file (MENTORING_STORE=kafka://..., MENTORING_KAFKA_SECURITY_PROTOCOL,
..._SSL_CAFILE, ..._SASL_*; as `deploy/kafka/broker.sh start --secure` writes) and runs every
client (store, raw producer, consumer, admin) with that security: compare PLAINTEXT and
SASL_SSL runs. --read-events N also times reading N committed events back to the end: the
store's raw fetches (``read_chunks_to_end``) against kafka-python's read_committed consumer.
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
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateways.stores.kafka import KafkaFactory  # noqa: E402
from gateways.stores.kafka.config import KafkaStoreConfig  # noqa: E402
from gateways.stores.kafka.protocol.batch_decoding import Batch  # noqa: E402
from gateways.stores.kafka.protocol.log_reader import read_chunks_to_end  # noqa: E402
from gateways.stores.kafka.security import KafkaSecurity  # noqa: E402

SECURITY: dict[str, str] = {}  # KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_* (--env-file)
ADMIN_SECURITY: dict[str, str] = {}  # client-admin.env beside it, if any: deletes the topics


def client_kwargs(security: dict[str, str] | None = None) -> dict[str, object]:
    """kafka-python's security keyword arguments for the benchmark's clients."""
    values = SECURITY if security is None else security
    return KafkaSecurity.from_env(Environment(env=values)).client_kwargs()


def read_env_file(path: str) -> tuple[str | None, dict[str, str]]:
    """The bootstrap servers (from MENTORING_STORE) and the security settings of an env file."""
    bootstrap, security = None, {}
    for line in Path(path).read_text().splitlines():
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        value = value.strip().strip("'\"")
        if not sep or key.startswith("#"):
            continue
        if key == "MENTORING_STORE" and value.startswith("kafka://"):
            bootstrap = value.removeprefix("kafka://")
        elif key.startswith("MENTORING_KAFKA_S"):
            security[key.removeprefix("MENTORING_")] = value
    return bootstrap, security

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
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs())
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
                        **client_kwargs(),
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
        admin.close()
        delete_topics(bootstrap, topic)

    return appender


def kafka_store(bootstrap: str, prefix: str) -> Callable[[], Iterator[Append]]:
    def appender() -> Iterator[Append]:
        env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix, **SECURITY}
        factory = KafkaFactory(Environment(f"Bench{uuid.uuid4().hex[:6]}", env))
        recorder = factory.application_recorder()
        yield recorder.insert_events
        factory.close()
        delete_topics(bootstrap, prefix)

    return appender


def delete_topics(bootstrap: str, prefix: str) -> None:
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, **client_kwargs(ADMIN_SECURITY or SECURITY)
    )
    admin.delete_topics([name for name in admin.list_topics() if name.startswith(prefix)])
    admin.close()


def read_back(bootstrap: str, prefix: str, events: int) -> list[tuple[str, float]]:
    """Events/s reading ``events`` committed events from offset 0 to the end, two ways."""
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix, **SECURITY}
    factory = KafkaFactory(Environment(f"Read{uuid.uuid4().hex[:6]}", env))
    recorder = factory.application_recorder()
    for _ in range(events // 100):
        recorder.insert_events(batch(100))
    topic = recorder.topic  # type: ignore[attr-defined]  # KafkaApplicationRecorder
    factory.close()
    config = KafkaStoreConfig.from_env(Environment("Read", env))
    results = []
    counted = [0]

    def count(data: bytes, batches: list[Batch]) -> None:
        counted[0] += sum(b.record_count for b in batches)

    for _ in range(2):  # the second pass of each is the one reported
        counted[0] = 0
        began = time.perf_counter()
        read_chunks_to_end(config, topic, 0, count)
        raw = counted[0] / (time.perf_counter() - began)
        began = time.perf_counter()
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap, isolation_level="read_committed",
            enable_auto_commit=False, max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024, **client_kwargs(),
        )
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.seek_to_beginning(partition)
        end = consumer.end_offsets([partition])[partition]
        consumed = 0
        while consumer.position(partition) < end:
            for records in consumer.poll(timeout_ms=500, max_records=100_000).values():
                consumed += len(records)
        consumer.close()
        consumer_rate = consumed / (time.perf_counter() - began)
        results = [
            (f"store raw fetch ({counted[0]:,} ev)", raw),
            (f"kafka-python consumer ({consumed:,} ev)", consumer_rate),
        ]
    delete_topics(bootstrap, prefix)
    return results


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
    parser.add_argument("--env-file", help="client env file: bootstrap and security settings")
    parser.add_argument("--read-events", type=int, default=0, help="also time reading back")
    parser.add_argument("--only-kafka", action="store_true", help="skip raw producer and SQLite")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
    bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    if args.env_file:
        from_file, security = read_env_file(args.env_file)
        bootstrap = from_file or bootstrap
        SECURITY.update(security)
        admin_file = Path(args.env_file).with_name("client-admin.env")
        if admin_file.is_file():
            ADMIN_SECURITY.update(read_env_file(str(admin_file))[1])
    protocol = SECURITY.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    prefix = f"mentoring-bench{uuid.uuid4().hex[:8]}"  # the secure broker allows mentoring*
    with tempfile.TemporaryDirectory() as directory:
        results = [measure("KafkaStore recorder", kafka_store(bootstrap, prefix), args)]
        if not args.only_kafka:
            results.insert(
                0, measure("raw kafka-python txn producer", raw_producer(bootstrap, prefix), args)
            )
            results.append(measure("eventsourcing SQLite (file)", sqlite_file(directory), args))
        reads = read_back(bootstrap, prefix, args.read_events) if args.read_events else []
    sqlite = results[-1]
    print(
        f"\n{THREADS} threads, {args.seconds:g}s per throughput run; latency over "
        f"{args.latency_appends} sequential single-event appends; broker {bootstrap} "
        f"({protocol})\n"
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
    for name, rate in reads:
        print(f"read back: {name:40} {rate:12,.0f} ev/s")


if __name__ == "__main__":
    main()
