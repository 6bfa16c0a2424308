"""The Kafka store's local index: cold rebuild rate, warm restart, and a process's memory.

    .venv/bin/python bench/kafka_index_bench.py [--events 500000] [--per-transaction 50]

Writes the events with the store (new aggregates of 5 events each, in transactions of
``--per-transaction`` events) on topics of its own, then opens the log again in fresh
processes' stead (new factories): with an empty state directory (cold: the index is rebuilt
from offset 0), and with the checkpoint it left (warm: only the tail is read). Reports
events/s of the cold build, the warm open's time and records read, and the peak RSS.
MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the broker; topics are deleted after.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventsourcing.persistence import StoredEvent  # noqa: E402
from eventsourcing.utils import Environment  # noqa: E402
from kafka import KafkaAdminClient  # noqa: E402

from gateways.stores.kafka import KafkaFactory  # noqa: E402
from gateways.stores.kafka.protocol.partition_fetcher import PartitionFetcher  # noqa: E402

STATE = b'{"name": "someone", "department": "Engineering", "level": 3, "padding": "' + (
    b"x" * 300
) + b'"}'


def _env(bootstrap: str, prefix: str, state_dir: str) -> Environment:
    return Environment("Bench", {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_STATE_DIR": state_dir,
    })


def _write(factory: KafkaFactory, total: int, per_transaction: int) -> None:
    recorder = factory.application_recorder()
    written = 0
    while written < total:
        batch: list[StoredEvent] = []
        for _ in range(per_transaction // 5):
            originator = uuid.uuid4()
            batch.extend(
                StoredEvent(originator, v, "bench:Thing.Changed", STATE) for v in range(1, 6)
            )
        recorder.insert_events(batch)
        written += len(batch)


def _open(bootstrap: str, prefix: str, state_dir: str) -> tuple[float, float, int, int]:
    """Seconds (wall, then this process's CPU) to open the application recorder, records read,
    notifications indexed."""
    before = sum(PartitionFetcher.records_fetched.values())
    began, cpu = time.perf_counter(), time.process_time()
    factory = KafkaFactory(_env(bootstrap, prefix, state_dir))
    recorder = factory.application_recorder()
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    head = recorder.max_notification_id() or 0
    factory.close()
    return seconds, cpu, sum(PartitionFetcher.records_fetched.values()) - before, head


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--per-transaction", type=int, default=50)
    args = parser.parse_args()
    bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    prefix = f"bench-index-{uuid.uuid4().hex[:8]}"
    try:
        with tempfile.TemporaryDirectory() as writing, tempfile.TemporaryDirectory() as state:
            began = time.perf_counter()
            factory = KafkaFactory(_env(bootstrap, prefix, writing))
            _write(factory, args.events, args.per_transaction)
            factory.close()
            wrote = time.perf_counter() - began
            rate = args.events / wrote
            print(f"wrote {args.events:,} events in {wrote:.1f} s ({rate:,.0f} ev/s)")
            cold, cpu, read, head = _open(bootstrap, prefix, state)
            print(f"cold open (rebuild from offset 0): {cold:.2f} s ({cpu:.2f} s CPU), {read:,} "
                  f"records read, {head / cold:,.0f} events/s ({head / cpu:,.0f} per CPU second)")
            warm, cpu, read, head = _open(bootstrap, prefix, state)
            print(f"warm open (checkpoint): {warm:.2f} s ({cpu:.2f} s CPU), {read:,} records read")
            size = sum(path.stat().st_size for path in Path(state).glob("*.sqlite3*"))
            print(f"index file: {size / head:.0f} bytes an event")
    finally:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        admin.delete_topics([t for t in admin.list_topics() if t.startswith(prefix + ".")])
        admin.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
