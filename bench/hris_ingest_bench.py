"""A bulk load of HR changes through the HRIS topic, not the command API (issue 20's bulk load).

    .venv/bin/python bench/hris_ingest_bench.py [--people 5000] [--runs 2] [--root DIR]

Issue 20 names an HRIS bulk load through the API among the loads that would time out. The
project's path for bulk HR changes is the HRIS topic: `mentoring hris-publish FILE` puts one
message a line on it, and `mentoring ingest-hris` applies them exactly once (each record's
effect and position in one Kafka transaction; the consumer group's offsets once per round).
This bench measures that path, as an operator runs it, on a fresh Kafka store and HRIS topic of
its own:

1. a file of ``--people`` hires followed by a promotion of each (the message contract of
   docs/hris.md), published with `mentoring hris-publish`;
2. `mentoring ingest-hris --until-caught-up`, timed from its start to its exit (connecting,
   creating its topics and reading the empty store included): messages and commands a second,
   and the CPU per message of the ingestion, the brokers and the whole machine;
3. the check: the store holds exactly one `Employee.Hired` and one `Employee.Promoted` per
   person, and a second `ingest-hris --until-caught-up` adds nothing.

``--root DIR`` runs the `mentoring` commands from another copy of the project (e.g. `git
archive HEAD | tar -x -C DIR`), to compare two versions.

MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the broker.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
import http_load_bench  # noqa: E402  # its store helpers and table rows
from machine_cpu import CpuTimes  # noqa: E402


def messages(people: int, run: str) -> Iterator[str]:
    """``people`` hires, then a promotion of each: one JSON message a line."""
    for number in range(people):
        yield json.dumps({
            "event_id": f"{run}-hire-{number}", "type": "hired", "employee_id": f"P{number}",
            "effective_date": "2024-01-15", "department": f"D{number % 12}",
            "job_level": 2 + number % 5, "manager_id": None, "location": "Leeds",
        })
    for number in range(people):
        yield json.dumps({
            "event_id": f"{run}-promotion-{number}", "type": "promoted",
            "employee_id": f"P{number}", "effective_date": "2025-01-01",
            "new_level": 8 + number % 5,
        })


@dataclass(frozen=True)
class Ingested:
    """One run: the publish and the ingestion, and the check."""

    people: int
    publish_seconds: float
    ingest: CpuTimes
    effects: dict[str, int]
    added_by_second_pass: int

    @property
    def messages(self) -> int:
        return 2 * self.people

    @property
    def ok(self) -> bool:
        wanted = {"Employee.Hired": self.people, "Employee.Promoted": self.people}
        return self.effects == wanted and self.added_by_second_pass == 0

    def per_message_ms(self, seconds: float) -> float:
        return seconds * 1000 / self.messages


def environment(prefix: str, root: Path) -> dict[str, str]:
    """The CLI's environment: the project at ``root``, a fresh Kafka store and HRIS topic under
    ``prefix``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "KAFKA_"))}
    return {
        **keep, "PYTHONSAFEPATH": "1", "PYTHONPATH": str(root),
        "MENTORING_STORE": f"kafka://{http_load_bench.BOOTSTRAP}",
        "MENTORING_KAFKA_TOPIC_PREFIX": prefix, "MENTORING_HRIS_TOPIC": f"{prefix}.hris",
        "MENTORING_HRIS_GROUP_ID": f"{prefix}-ingest", "MENTORING_ENVIRONMENT": "test",
        "MENTORING_LOG_LEVEL": "WARNING",
    }


def mentoring(env: dict[str, str], *arguments: str) -> None:
    """Run a `mentoring` command as an operator would; its output on failure."""
    done = subprocess.run([sys.executable, "-m", "gateways.entrypoints.cli", *arguments],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"mentoring {arguments[0]} exited {done.returncode}: "
                           f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def effects_in_store(env: dict[str, str]) -> tuple[dict[str, int], int]:
    """The Employee events in the store, by type, and how many events it holds."""
    settings = {k: v for k, v in env.items() if k.startswith("MENTORING_")}
    counts: collections.Counter[str] = collections.Counter()
    events = 0
    with http_load_bench.composed(settings) as (service, _):
        for notification in http_load_bench.notifications(service):
            events += 1
            topic = notification.topic.rpartition(":")[2]
            if topic.startswith("Employee."):
                counts[topic] += 1
    return dict(counts), events


def bulk_load(people: int, directory: Path, root: Path) -> Ingested:
    prefix = f"hrisbulk-{uuid.uuid4().hex[:8]}"
    env = environment(prefix, root)
    try:
        lines = directory / f"{prefix}.jsonl"
        lines.write_text("\n".join(messages(people, prefix)) + "\n")
        before = CpuTimes.now()
        mentoring(env, "hris-publish", str(lines))
        published = CpuTimes.now() - before
        before = CpuTimes.now()
        mentoring(env, "ingest-hris", "--until-caught-up")
        ingest = CpuTimes.now() - before
        effects, events = effects_in_store(env)
        mentoring(env, "ingest-hris", "--until-caught-up")
        _, events_after = effects_in_store(env)
        return Ingested(people, published.at, ingest,
                        {k: v for k, v in effects.items()
                         if k in ("Employee.Hired", "Employee.Promoted")},
                        events_after - events)
    finally:
        http_load_bench.delete_topics(prefix)


def report(runs: list[Ingested]) -> None:
    row = http_load_bench.row
    print(row(["people", "messages", "publish s", "ingest s", "messages/s", "machine busy",
               "ingestion CPU ms/message", "brokers ms/message", "machine ms/message",
               "exactly once"]))
    print(row(["---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---"]))
    for run in runs:
        cpu = run.ingest
        print(row([f"{run.people:,}", f"{run.messages:,}", f"{run.publish_seconds:.1f}",
                   f"{cpu.at:.1f}", f"{run.messages / cpu.at:,.0f}", f"{cpu.machine_share:.0%}",
                   f"{run.per_message_ms(cpu.children):.2f}",
                   f"{run.per_message_ms(cpu.brokers):.2f}",
                   f"{run.per_message_ms(cpu.machine):.2f}",
                   "yes" if run.ok else f"NO: {run.effects}, {run.added_by_second_pass} added"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--root", type=Path, default=ROOT, metavar="DIR",
                        help="run the mentoring commands from this copy of the project")
    args = parser.parse_args()
    print(f"load at start: {os.getloadavg()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="hrisbulk-") as directory:
        runs = [bulk_load(args.people, Path(directory), args.root) for _ in range(args.runs)]
    report(runs)
    print(f"\nload at end: {os.getloadavg()}")
    sys.exit(0 if all(run.ok for run in runs) else 1)


if __name__ == "__main__":
    main()
