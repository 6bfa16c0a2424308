"""Start-up, memory and command latency as the Kafka log grows (issue 14).

    .venv/bin/python bench/scale_bench.py [--sizes 1e6,4e6,1e7] [--keep] [--commands 1000]

For each size N, under a topic prefix of its own (``scale<N>``):

1. the log: about N events of a synthetic organisation (HR facts, mentorships with kickoffs,
   sessions, memos and surveys: ``projector_bench.synthetic_events``) written with the Kafka
   store's own recorder in atomic appends of 20,000 events (a separate process). With ``--keep``
   the topics stay after the run and a later run with ``--keep`` reuses a log it wrote in full;
   without it they are deleted at the end of the size;
2. the writer's cold start (an empty MENTORING_KAFKA_STATE_DIR: the index is rebuilt from the
   topic, whose events/s is the cold rebuild rate) and its warm restart (the checkpoint the cold
   start left), each in a fresh process: the time until the head is known, then until one
   command (a hire) is saved, and the process's resident memory (RSS); then the time to open
   the store once more in that process (``reopen_s``: the store's own part, without the
   modules a fresh process imports on the way);
3. `mentoring serve` (the writer, on the warm state directory; its portal read model in a DuckDB
   file under that directory, MENTORING_PORTAL_MEMORY_LIMIT) and `mentoring project --follow`
   (a DuckDB file of its own, a state directory of its own): the time until serve answers
   /readyz, the projector's catch-up, each process's RSS once it is idle after start, then
   ``--commands`` commands over HTTP one at a time (half hires, half promotions of employees
   of the log, which load their aggregates from the store), their latency p50/p99, and each
   process's RSS once idle again.

Targets at 10M events: warm restart < 5 s, RSS < 1 GB, command p99 within 1.5x of the 1M one;
cold rebuild >= 200,000 events/s. MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the
broker; BENCH_DIR (default var/bench/scale) holds the state directories, DuckDB files, logs
and the record of logs written in full.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import failover_bench  # noqa: E402

from gateways.entrypoints.http.auth.keys import Role  # noqa: E402
from tests.e2e.http_world import KEYS  # noqa: E402

BOOTSTRAP = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
BENCH_DIR = Path(os.environ.get("BENCH_DIR", ROOT / "var" / "bench" / "scale"))
CHUNK = 20_000
SETTLED_CPU_SECONDS = 0.05
"""A process is idle when it used less CPU than this in each of three consecutive seconds."""


@dataclass
class Server(failover_bench.Server):
    """`mentoring serve` as the failover bench runs it, on one broker, with ``extra_env``."""

    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "MENTORING_KAFKA_REPLICATION_FACTOR": "1",
                "MENTORING_KAFKA_MIN_INSYNC_REPLICAS": "1", **self.extra_env}


def machine_load() -> str:
    """The 1-minute load average, as `uptime` shows it."""
    return f"{os.getloadavg()[0]:.1f}"


def prefix_of(size: int) -> str:
    return f"scale{size}"


def store_env(prefix: str, state_dir: Path | None = None) -> dict[str, str]:
    """The MENTORING_* variables of a process on the size's log."""
    env = {
        "MENTORING_STORE": f"kafka://{BOOTSTRAP}",
        "MENTORING_KAFKA_TOPIC_PREFIX": prefix,
        "MENTORING_ENVIRONMENT": "test",
        "MENTORING_LOG_LEVEL": "WARNING",
        "MENTORING_KAFKA_CONNECT_TIMEOUT": "120",
    }
    if state_dir is not None:
        env["MENTORING_KAFKA_STATE_DIR"] = str(state_dir)
    return env


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without MENTORING_/KAFKA_ variables, plus ``extra``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "KAFKA_"))}
    return {**keep, **extra}


def run_child(mode: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run this file in ``mode`` in a fresh process; the JSON it prints."""
    command = [sys.executable, __file__, "--child", mode, *args]
    done = subprocess.run(command, cwd=ROOT, env=child_env(env), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed: {done.stderr[-3000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), in MB."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    kilobytes = next(int(line.split()[1]) for line in status.splitlines()
                     if line.startswith("VmRSS:"))
    return kilobytes / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, within: float) -> float:
    """Seconds until the process is idle (three quiet seconds in a row), at most ``within``."""
    started = time.monotonic()
    quiet, last = 0, cpu_seconds(pid)
    while quiet < 3 and time.monotonic() - started < within:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < SETTLED_CPU_SECONDS else 0
        last = now
    return time.monotonic() - started


# -- children ----------------------------------------------------------------------------------


def child_write(size: int) -> dict[str, Any]:
    """Write about ``size`` synthetic events to the log named by the environment."""
    from projector_bench import synthetic_events

    from gateways.bootstrap import store_env as eventsourcing_env
    from gateways.settings import load_settings
    from projections.store import open_event_log

    settings = load_settings()
    recorder, mapper = open_event_log(eventsourcing_env(settings.store_location, settings))
    started = time.perf_counter()
    chunk: list[Any] = []
    for events in synthetic_events(size, seed=size % 9973):
        chunk.extend(mapper.to_stored_event(event) for event in events)
        if len(chunk) >= CHUNK:
            recorder.insert_events(chunk)
            chunk = []
    if chunk:
        recorder.insert_events(chunk)
    head = int(recorder.max_notification_id() or 0)
    return {"head": head, "seconds": time.perf_counter() - started, "rss_mb": rss_mb()}


def child_start(hris_id: str) -> dict[str, Any]:
    """Open the store as the writer does: head known, then one command saved."""
    from datetime import date

    from domain.base import HRIS_ACTOR, Stamp
    from gateways.bootstrap import persistence_env
    from gateways.settings import load_settings
    from services.employees import HireEmployee
    from services.mentoring import MentoringService

    started = time.perf_counter()
    service = MentoringService(env=persistence_env(load_settings()))
    head = int(service.recorder.max_notification_id() or 0)
    opened = time.perf_counter() - started
    service.handle(HireEmployee(
        command_id=f"scale-{hris_id}", stamp=Stamp(HRIS_ACTOR, date(2025, 1, 2)),
        hris_id=hris_id, department="Sales", job_level=2, manager_id=None, location="Lyon",
    ))
    commanded = time.perf_counter() - started
    memory = rss_mb()
    service.close()
    started = time.perf_counter()  # again in this process: the store's own part, no imports
    service = MentoringService(env=persistence_env(load_settings()))
    service.recorder.max_notification_id()
    reopened = time.perf_counter() - started
    service.close()
    return {"head": head, "open_s": opened, "first_command_s": commanded, "rss_mb": memory,
            "reopen_s": reopened}


# -- the parent --------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """What one size gave."""

    size: int
    events: int = 0
    write: str = ""
    cold: dict[str, Any] = field(default_factory=dict)
    warm: dict[str, Any] = field(default_factory=dict)
    serve_ready_s: float = 0.0
    project_catch_up_s: float = 0.0
    serve_rss_start_mb: float = 0.0
    project_rss_start_mb: float = 0.0
    serve_rss_after_mb: float = 0.0
    project_rss_after_mb: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    load: list[str] = field(default_factory=list)

    @property
    def cold_rate(self) -> float:
        return self.events / self.cold["open_s"] if self.cold else 0.0


def ensure_log(size: int, keep: bool, result: SizeResult) -> None:
    """Write the size's log, or reuse one a ``--keep`` run wrote in full."""
    marker = BENCH_DIR / f"{prefix_of(size)}.written"
    if keep and marker.exists() and topic_exists(f"{prefix_of(size)}.mentoring.events"):
        result.events = int(marker.read_text())
        result.write = "reused"
        return
    delete_topics(prefix_of(size))
    state = BENCH_DIR / f"{prefix_of(size)}-writing"
    shutil.rmtree(state, ignore_errors=True)
    wrote = run_child("write", str(size), env=store_env(prefix_of(size), state))
    result.events = wrote["head"]
    rate = wrote["head"] / wrote["seconds"]
    result.write = (
        f"{wrote['seconds']:.0f} s ({rate:,.0f} ev/s, writer RSS {wrote['rss_mb']:.0f} MB)"
    )
    marker.write_text(str(result.events))
    shutil.rmtree(state, ignore_errors=True)


def measure_starts(size: int, result: SizeResult) -> Path:
    """The writer's cold start and warm restart; the warm state directory."""
    state = BENCH_DIR / f"{prefix_of(size)}-state"
    shutil.rmtree(state, ignore_errors=True)
    env = store_env(prefix_of(size), state)
    result.cold = run_child("start", f"cold{uuid.uuid4().hex[:8]}", env=env)
    result.load.append(machine_load())
    result.warm = run_child("start", f"warm{uuid.uuid4().hex[:8]}", env=env)
    result.load.append(machine_load())
    return state


def start_projector(size: int, directory: Path) -> subprocess.Popen[bytes]:
    env = {**store_env(prefix_of(size), directory / "project-state"),
           "MENTORING_DUCKDB": str(directory / "projected.duckdb")}
    log = (directory / "project.log").open("ab")
    command = [sys.executable, "-m", "gateways.entrypoints.cli", "project", "--follow"]
    return subprocess.Popen(command, cwd=ROOT, env=child_env(env), stdout=log, stderr=log)


def send_commands(url: str, count: int, employees: int, seed: int) -> tuple[list[float], dict]:
    """``count`` commands one at a time: hires of new people, promotions of the log's people."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    headers = {"X-API-Key": KEYS[Role.HRIS], "Content-Type": "application/json"}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        for number in range(count):
            if number % 2:
                path = f"/employees/E{rng.randrange(employees)}/promotion"
                body: dict[str, Any] = {"new_job_level": 9, "effective_date": "2025-06-01"}
            else:
                path = "/employees"
                body = {"hris_id": f"S{run}{number}", "department": "Sales", "job_level": 3,
                        "location": "Lyon", "hired_on": "2025-01-02"}
            started = time.perf_counter()
            answer = client.post(path, json=body, headers={"Idempotency-Key": f"{run}-{number}"})
            latencies.append((time.perf_counter() - started) * 1000)
            key = f"{answer.status_code // 100}xx"
            statuses[key] = statuses.get(key, 0) + 1
    return latencies, statuses


def measure_processes(size: int, state: Path, commands: int, result: SizeResult) -> None:
    """serve and the projector: start, idle RSS, commands, idle RSS again."""
    directory = BENCH_DIR / f"{prefix_of(size)}-run"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    server = Server(BOOTSTRAP, prefix_of(size), directory / "serve.log",
                    extra_env=store_env(prefix_of(size), state))
    started = time.monotonic()
    server.start(within=600)
    result.serve_ready_s = time.monotonic() - started
    assert server.process is not None
    projector = start_projector(size, directory)
    try:
        result.project_catch_up_s = wait_idle(projector.pid, within=3600)
        wait_idle(server.process.pid, within=3600)  # the portal read model caught up
        result.serve_rss_start_mb = rss_mb(server.process.pid)
        result.project_rss_start_mb = rss_mb(projector.pid)
        result.load.append(machine_load())
        # a fresh choice of employees each run: on a kept log, a second run's promotions of the
        # same people would all be refused (already promoted), which is not the same work
        latencies, result.statuses = send_commands(
            server.url, commands, max(1, result.events // 10), seed=random.randrange(1 << 30))
        result.load.append(machine_load())
        ordered = sorted(latencies)
        result.p50_ms = statistics.median(ordered)
        result.p99_ms = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        wait_idle(projector.pid, within=600)
        wait_idle(server.process.pid, within=600)
        result.serve_rss_after_mb = rss_mb(server.process.pid)
        result.project_rss_after_mb = rss_mb(projector.pid)
    finally:
        projector.terminate()
        projector.wait(60)
        server.stop()


def topic_exists(topic: str) -> bool:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        return topic in admin.list_topics()
    finally:
        admin.close()


def delete_topics(prefix: str) -> None:
    from tests.integration.kafka_store.support import delete_prefixed_topics

    delete_prefixed_topics(BOOTSTRAP, prefix)


def report(results: list[SizeResult]) -> None:
    results = sorted(results, key=lambda result: result.size)
    print("\n| events | write | cold start (head / first command) | cold rebuild | "
          "warm restart (head / first command / reopened) | serve ready | "
          "serve RSS start / after | project catch-up | project RSS start / after | "
          "p50 / p99 ms | load |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        print(
            f"| {r.events:,} | {r.write} | {r.cold['open_s']:.1f} / "
            f"{r.cold['first_command_s']:.1f} s | {r.cold_rate:,.0f} ev/s | "
            f"{r.warm['open_s']:.2f} / {r.warm['first_command_s']:.2f} / "
            f"{r.warm.get('reopen_s', float('nan')):.2f} s | {r.serve_ready_s:.1f} s | "
            f"{r.serve_rss_start_mb:.0f} / {r.serve_rss_after_mb:.0f} MB | "
            f"{r.project_catch_up_s:.0f} s | {r.project_rss_start_mb:.0f} / "
            f"{r.project_rss_after_mb:.0f} MB | {r.p50_ms:.1f} / {r.p99_ms:.1f} | "
            f"{', '.join(r.load)} |"
        )
    for r in results:
        print(f"  {r.events:,}: writer RSS cold {r.cold['rss_mb']:.0f} MB, warm "
              f"{r.warm['rss_mb']:.0f} MB; command answers {r.statuses}")
    if len(results) > 1:
        print(f"  p99 at the largest / at the smallest size: "
              f"{results[-1].p99_ms / results[0].p99_ms:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1e6,4e6,1e7")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--write-only", action="store_true",
                        help="only write the logs (with --keep: for a later run to reuse)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, value = args.child
        import structlog

        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
        answer = child_write(int(value)) if mode == "write" else child_start(value)
        print(json.dumps(answer))
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    for text in args.sizes.split(","):
        result = SizeResult(int(float(text)))
        print(f"size {result.size:,}: log", flush=True)
        ensure_log(result.size, args.keep, result)
        print(f"  {result.events:,} events ({result.write}); starts", flush=True)
        if args.write_only:
            continue
        state = measure_starts(result.size, result)
        print(f"  cold {result.cold}, warm {result.warm}; serve and project", flush=True)
        measure_processes(result.size, state, args.commands, result)
        print(f"  {json.dumps(asdict(result))}", flush=True)
        results.append(result)
        if not args.keep:
            delete_topics(prefix_of(result.size))
            (BENCH_DIR / f"{prefix_of(result.size)}.written").unlink(missing_ok=True)
    if results:
        report(results)
    print(f"\nmachine: {os.cpu_count()} CPUs; uptime: "
          f"{subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
