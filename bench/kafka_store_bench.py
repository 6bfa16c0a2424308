"""Append throughput and latency: raw transactional producer vs the Kafka store vs SQLite.

    .venv/bin/python bench/kafka_store_bench.py [--seconds 4] [--latency-appends 400]
        [--secure-env deploy/kafka/.run/client-writer.env] [--env-file FILE]
        [--read-events 200000] [--only-kafka]

Uses MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092); creates its own topics and deletes
them afterwards. Each append writes a new aggregate's events (versions 1..n), as an
application's save() of a new aggregate would.

--secure-env names a client env file of a second broker (MENTORING_STORE=kafka://...,
MENTORING_KAFKA_SECURITY_PROTOCOL, ..._SSL_CAFILE, ..._SASL_*; as `deploy/kafka/broker.sh start
--secure` writes) and measures every Kafka client (store, raw producer, consumer) on both
brokers in the same run: one table with PLAINTEXT, SASL_SSL and the SQLite baseline.
--env-file gives the first broker's settings the same way (default: PLAINTEXT on
MENTORING_KAFKA_BOOTSTRAP). --read-events N also times reading N committed events back to the
end: the store's raw fetches (``read_chunks_to_end``) against kafka-python's read_committed
consumer."""

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
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Target:
    """One broker under test: its bootstrap servers and security settings (KAFKA_* keys)."""

    bootstrap: str
    security: dict[str, str] = field(default_factory=dict)
    admin_security: dict[str, str] = field(default_factory=dict)  # deletes the topics

    @property
    def protocol(self) -> str:
        return self.security.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")

    def client_kwargs(self, admin: bool = False) -> dict[str, object]:
        """kafka-python's security keyword arguments for the benchmark's clients."""
        values = (self.admin_security or self.security) if admin else self.security
        return KafkaSecurity.from_env(Environment(env=values)).client_kwargs()

    @classmethod
    def from_env_file(cls, path: str, bootstrap: str) -> Target:
        """The broker an env file names (else ``bootstrap``), with its principal's security;
        deletes as the client-admin.env beside it, if there is one."""
        from_file, security = read_env_file(path)
        admin_file = Path(path).with_name("client-admin.env")
        admin = read_env_file(str(admin_file))[1] if admin_file.is_file() else {}
        return cls(from_file or bootstrap, security, admin)


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
    systems: list[tuple[str, Callable[[], Iterator[Append]]]], args: argparse.Namespace
) -> list[Result]:
    """Each phase (batch 1, batch 10, latency) for every system in turn, so that the figures
    of one phase are taken close together even when other work on the machine comes and goes."""
    rates: dict[str, dict[int, float]] = {name: {} for name, _ in systems}
    for size in (1, 10):
        for name, appender in systems:
            with contextmanager(appender)() as append:
                throughput(append, size, 0.5)  # warm up
                rates[name][size] = throughput(append, size, args.seconds)
            print(f"  measured {name}, batch {size}", file=sys.stderr)
    results = []
    for name, appender in systems:
        with contextmanager(appender)() as append:
            p50, p99 = latency(append, args.latency_appends)
        results.append(Result(name, rates[name], p50, p99))
    return results


def raw_producer(target: Target, prefix: str) -> Callable[[], Iterator[Append]]:
    """Transactional producers (one per thread, as transactions are per producer), no checks."""

    def appender() -> Iterator[Append]:
        topic = f"{prefix}.raw.{uuid.uuid4().hex[:6]}"
        admin = KafkaAdminClient(bootstrap_servers=target.bootstrap, **target.client_kwargs())
        admin.create_topics([NewTopic(topic, 1, 1)])
        producers: dict[int, KafkaProducer] = {}
        lock = threading.Lock()

        def append(events: list[StoredEvent]) -> None:
            ident = threading.get_ident()
            with lock:
                if ident not in producers:
                    producer = KafkaProducer(
                        bootstrap_servers=target.bootstrap,
                        transactional_id=f"{topic}.{len(producers)}",
                        linger_ms=0,
                        retry_backoff_ms=5,
                        **target.client_kwargs(),
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
        delete_topics(target, topic)

    return appender


def kafka_store(target: Target, prefix: str) -> Callable[[], Iterator[Append]]:
    def appender() -> Iterator[Append]:
        factory = KafkaFactory(
            Environment(f"Bench{uuid.uuid4().hex[:6]}", store_env(target, prefix))
        )
        recorder = factory.application_recorder()
        yield recorder.insert_events
        factory.close()
        delete_topics(target, prefix)

    return appender


def store_env(target: Target, prefix: str) -> dict[str, str]:
    """The store's environment on the target broker."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": target.bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
        **target.security,
    }


def delete_topics(target: Target, prefix: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=target.bootstrap, **target.client_kwargs(True))
    admin.delete_topics([name for name in admin.list_topics() if name.startswith(prefix)])
    admin.close()


def read_back(target: Target, prefix: str, events: int) -> list[tuple[str, float]]:
    """Events/s reading ``events`` committed events from offset 0 to the end, two ways."""
    env = store_env(target, prefix)
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
            bootstrap_servers=target.bootstrap,
            isolation_level="read_committed",
            enable_auto_commit=False,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
            **target.client_kwargs(),
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
            (f"store raw fetch, {target.protocol} ({counted[0]:,} ev)", raw),
            (f"kafka-python consumer, {target.protocol} ({consumed:,} ev)", consumer_rate),
        ]
    delete_topics(target, prefix)
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


def targets(args: argparse.Namespace) -> list[Target]:
    """The brokers to measure: the first (PLAINTEXT, or --env-file's), then --secure-env's."""
    bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    first = Target.from_env_file(args.env_file, bootstrap) if args.env_file else Target(bootstrap)
    if not args.secure_env:
        return [first]
    return [first, Target.from_env_file(args.secure_env, bootstrap)]


def measure_all(brokers: list[Target], args: argparse.Namespace, directory: str) -> list[Result]:
    """Every system on every broker, in one run; SQLite last (the ratios' baseline)."""
    prefix = f"mentoring-bench{uuid.uuid4().hex[:8]}"  # the secure broker allows mentoring*
    systems: list[tuple[str, Callable[[], Iterator[Append]]]] = []
    if not args.only_kafka:
        for target in brokers:
            name = f"raw kafka-python txn producer, {target.protocol}"
            systems.append((name, raw_producer(target, prefix)))
    for target in brokers:
        systems.append((f"KafkaStore recorder, {target.protocol}", kafka_store(target, prefix)))
    if not args.only_kafka:
        systems.append(("eventsourcing SQLite (file)", sqlite_file(directory)))
    return measure(systems, args)


def print_table(results: list[Result], brokers: list[Target], args: argparse.Namespace) -> None:
    """One table: every system's throughput, its ratio to SQLite (when measured), latency."""
    sqlite = next((r for r in results if "SQLite" in r.name), None)
    where = "; ".join(f"{t.protocol} {t.bootstrap}" for t in brokers)
    print(
        f"\n{THREADS} threads, {args.seconds:g}s per throughput run; latency over "
        f"{args.latency_appends} sequential single-event appends; brokers: {where}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(
        f"{'system':40} {'ev/s b=1':>9} {'ev/s b=10':>10} {'xSQLite b=1':>12} "
        f"{'xSQLite b=10':>13} {'p50 ms':>7} {'p99 ms':>7}"
    )
    for result in results:
        ratios = [
            result.throughput[size] / sqlite.throughput[size] if sqlite else float("nan")
            for size in (1, 10)
        ]
        print(
            f"{result.name:40} {result.throughput[1]:9,.0f} {result.throughput[10]:10,.0f} "
            f"{ratios[0]:11.2f}x {ratios[1]:12.2f}x {result.p50_ms:7.2f} {result.p99_ms:7.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--latency-appends", type=int, default=400)
    parser.add_argument("--env-file", help="client env file of the first broker")
    parser.add_argument(
        "--secure-env", help="client env file of a second broker (e.g. SASL_SSL), same run"
    )
    parser.add_argument("--read-events", type=int, default=0, help="also time reading back")
    parser.add_argument("--only-kafka", action="store_true", help="skip raw producer and SQLite")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
    brokers = targets(args)
    with tempfile.TemporaryDirectory() as directory:
        results = measure_all(brokers, args, directory)
    reads = []
    if args.read_events:
        for target in brokers:
            prefix = f"mentoring-bench{uuid.uuid4().hex[:8]}"
            reads.extend(read_back(target, prefix, args.read_events))
    print_table(results, brokers, args)
    for name, rate in reads:
        print(f"read back: {name:50} {rate:12,.0f} ev/s")


if __name__ == "__main__":
    main()
