"""The command API under load: `mentoring serve` driven by wrk with a realistic command mix.

    .venv/bin/python bench/http_load_bench.py [--stores kafka,sqlite] [--clients 1,8,32,128]
        [--seconds 10] [--wrk-threads 2] [--sessions 3] [--replay-every 50] [--profile DIR]

Prerequisite: `wrk` (Debian's package: `apt-get install -y wrk`), an efficient load generator
in C whose Lua script (`bench/http_load_mix.lua`) builds the mix: each connection's thread runs
pair scenarios (two hires, a promotion, volunteering, training, enrolment, a request, its
acceptance, sessions), every command with its own Idempotency-Key, shed commands (503) sent again
with the same key, and every ``--replay-every``-th acknowledged command sent once more to check
the replay.

For each store, `mentoring serve` runs as a separate process on a fresh store (Kafka at
MENTORING_KAFKA_BOOTSTRAP, default 127.0.0.1:9092, under a topic prefix of its own; SQLite in a
temporary directory), with one program prepared per wrk thread. Each client count runs for
``--seconds``; the table shows acknowledged commands/s, wrk's p50/p99 over all answers, p50/p99
of the acknowledged commands alone, and the shed answers (503) apart. Then, with serve stopped:

* the correctness check: every acknowledged Idempotency-Key has its claim in the key ledger and
  its command's log entry in the event log (the command's effects are saved with that entry in
  one atomic save), each command type's log entries match its effect events one for one (so no
  command took effect twice), and every replay answered the first body;
* the store's raw append rate for the same number of events, in atomic appends of the mean size
  a command wrote, from as many threads as clients (at most 32), on a fresh store of the same
  kind; the ratio "HTTP commands / store capacity" compares the two.

``--serve-root DIR`` runs serve from another copy of the project (e.g. `git archive HEAD | tar
-x -C DIR`), to compare two versions with the same load generator and checks.

``--profile DIR`` records serve with py-spy (PYSPY, default /tmp/pyspy/bin/py-spy) during each
client count: DIR/<store>-<clients>.txt, collapsed stacks of the busy threads (100 Hz, without
pausing serve, so the profile does not slow it down).

``--serve-workers N`` runs serve with N worker processes (``mentoring serve --workers``; SQLite
only, Kafka has one writer); serve's CPU then counts every process of its tree.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateways.entrypoints.http.auth.keys import Role  # noqa: E402
from gateways.entrypoints.http.cpu_affinity import allowed_cpus, cpu_list  # noqa: E402
from tests.e2e.http_world import KEYS, key_settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import failover_bench  # noqa: E402  # its `mentoring serve` process
import machine_cpu  # noqa: E402
from machine_cpu import CpuTimes  # noqa: E402

if TYPE_CHECKING:
    from eventsourcing.application import Application
    from eventsourcing.persistence import Notification

    from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
    from services.mentoring import MentoringService

LUA = Path(__file__).with_name("http_load_mix.lua")
BOOTSTRAP = os.environ.get("MENTORING_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
PYSPY = os.environ.get("PYSPY", "/tmp/pyspy/bin/py-spy")
EFFECTS = {
    "hire_employee": "Employee.Hired",
    "promote_employee": "Employee.Promoted",
    "volunteer_as_mentor": "MentorEnrolment.Volunteered",
    "complete_mentor_training": "MentorEnrolment.TrainingCompleted",
    "enrol_mentee": "MenteeEnrolment.Enrolled",
    "make_request": "MentorshipRequest.Made",
    "accept_request": "MentorshipRequest.Accepted",
    "hold_session": "Mentorship.SessionHeld",
}
"""The event each command of the mix records exactly once (its other events vary)."""


# -- the server ----------------------------------------------------------------------------


@dataclass
class Server(failover_bench.Server):
    """`mentoring serve` on one store, its output in a log file (started, awaited and stopped
    as the failover bench does)."""

    store: str = "kafka"
    directory: Path = ROOT
    extra_env: dict[str, str] = field(default_factory=dict)
    root: Path = ROOT
    """The copy of the project serve runs from (PYTHONSAFEPATH: not the working directory)."""
    workers: int = 1

    @classmethod
    def on(
        cls, store: str, directory: Path, extra_env: dict[str, str], root: Path, workers: int = 1
    ) -> Self:
        """serve on a fresh ``store`` ("kafka" or "sqlite") kept in ``directory``, with
        ``workers`` worker processes (SQLite only: Kafka has one writer)."""
        return cls(
            bootstrap=BOOTSTRAP, prefix=f"httpload-{uuid.uuid4().hex[:8]}",
            log=directory / "serve.log", store=store, directory=directory,
            extra_env=extra_env, root=root, workers=workers if store == "sqlite" else 1,
        )

    @property
    def arguments(self) -> list[str]:
        return [*super().arguments, "--workers", str(self.workers)]

    @property
    def env(self) -> dict[str, str]:
        """serve's environment: this store, the e2e API keys, warnings only in the log."""
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "KAFKA_"))}
        location = (
            f"kafka://{BOOTSTRAP}" if self.store == "kafka"
            else f"sqlite:///{self.directory / 'events.db'}"
        )
        return {
            **keep,
            "PYTHONSAFEPATH": "1",
            "PYTHONPATH": str(self.root),
            "MENTORING_STORE": location,
            "MENTORING_KAFKA_TOPIC_PREFIX": self.prefix,
            "MENTORING_ENVIRONMENT": "test",
            "MENTORING_LOG_FORMAT": "json",
            "MENTORING_LOG_LEVEL": "WARNING",
            "MENTORING_API_KEYS": key_settings().api_keys or "",
            "MENTORING_DUCKDB": str(self.directory / "read.duckdb"),
            **self.extra_env,
        }

    def settings_env(self) -> dict[str, str]:
        """The MENTORING_* variables, to open the same store in this process."""
        return {k: v for k, v in self.env.items() if k.startswith("MENTORING_")}


def prepare_programs(url: str, count: int) -> list[str]:
    """``count`` programs with an open round (an admin's two commands each)."""
    headers = {"X-API-Key": KEYS[Role.ADMIN]}
    programs = []
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for number in range(count):
            body = {"name": f"Load {number}", "program_type": "general", "goal": "grow",
                    "formality": "structured", "starts_on": "2024-02-01",
                    "meeting_cadence": "every two weeks", "executive_sponsor_id": "E9",
                    "require_training": True, "effective_date": "2024-02-01"}
            answer = client.post("/programs", json=body)
            answer.raise_for_status()
            program_id = answer.json()["program_id"]
            client.post(f"/programs/{program_id}/rounds",
                        json={"round_name": "first", "effective_date": "2024-02-01"}
                        ).raise_for_status()
            programs.append(program_id)
    return programs


# -- one wrk run ---------------------------------------------------------------------------


@dataclass
class Run:
    """What one client count gave."""

    store: str
    clients: int
    seconds: float
    answers: int
    acks: list[tuple[str, str, int]]
    latencies_ms: list[float]
    wrk_percentiles_ms: dict[str, float]
    shed: int
    replays_ok: int
    replays_bad: int
    socket_errors: dict[str, int]
    errors: list[str]
    load: str
    server_cpu_seconds: float = 0.0
    cpu: CpuTimes | None = None
    """The whole machine's CPU over the run (the brokers', wrk's and every core's)."""

    @property
    def rate(self) -> float:
        return len(self.acks) / self.seconds

    @property
    def cpu_ms_per_command(self) -> float:
        """serve's CPU time per answered request (acknowledged, shed or refused)."""
        return self.server_cpu_seconds * 1000 / max(1, self.answers)

    def percentile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100)[q - 1]


def run_wrk(server: Server, programs: list[str], clients: int, args: argparse.Namespace) -> Run:
    """wrk with the mix at ``clients`` connections for ``args.seconds``."""
    out = server.directory / f"wrk-{clients}.tsv"
    threads = min(clients, args.wrk_threads)
    env = {
        **os.environ,
        "BENCH_RUN": f"{server.store[0]}{clients}x{uuid.uuid4().hex[:4]}",
        "BENCH_PROGRAMS": ",".join(programs),
        "BENCH_PORTAL_KEY": KEYS[Role.PORTAL],
        "BENCH_HRIS_KEY": KEYS[Role.HRIS],
        "BENCH_SESSIONS": str(args.sessions),
        "BENCH_REPLAY_EVERY": str(args.replay_every),
        "BENCH_OUT": str(out),
    }
    command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{round(args.seconds)}s",
               "--timeout", "30s", "--latency", "-s", str(LUA), server.url]
    apart = cpus_apart_from(server)
    if apart:  # the load generator on CPUs serve does not run on, when it has them
        command = ["taskset", "-c", cpu_list(apart), *command]
    machine_before = CpuTimes.now()
    cpu_before = process_cpu_seconds(server)
    with profiled(server, clients, args):
        completed = subprocess.run(command, env=env, capture_output=True, text=True)
    cpu_after = process_cpu_seconds(server)
    machine = CpuTimes.now() - machine_before
    if completed.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed: {completed.stdout}\n{completed.stderr}")
    run = parse_wrk(server.store, clients, out)
    run.server_cpu_seconds = cpu_after - cpu_before
    run.cpu = machine
    return run


def cpus_apart_from(server: Server) -> frozenset[int]:
    """The CPUs this machine lets us use that serve does not run on (MENTORING_HTTP_CPUS)."""
    assert server.process is not None
    return allowed_cpus() - frozenset(os.sched_getaffinity(server.process.pid))


def process_cpu_seconds(server: Server) -> float:
    """CPU time serve used so far (user + system, all threads, its worker processes too),
    from /proc."""
    assert server.process is not None
    return machine_cpu.tree_cpu_seconds(server.process.pid)


@contextmanager
def profiled(server: Server, clients: int, args: argparse.Namespace) -> Iterator[None]:
    """py-spy records serve meanwhile, when --profile asks for it."""
    if not args.profile or server.process is None:
        yield
        return
    target = Path(args.profile) / f"{server.store}-{clients}"
    target.parent.mkdir(parents=True, exist_ok=True)
    seconds = max(1, int(args.seconds) - 1)
    pid = str(server.process.pid)
    flame = subprocess.Popen([PYSPY, "record", "--pid", pid, "--duration", str(seconds),
                              "--rate", "100", "--threads", "--nonblocking",
                              "--format", "raw", "-o", f"{target}.txt"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        flame.wait()
    print(f"  profile: {target}.txt (collapsed stacks)", file=sys.stderr)


def parse_wrk(store: str, clients: int, out: Path) -> Run:
    """The file the Lua script's done() wrote."""
    acks: list[tuple[str, str, int]] = []
    latencies: list[float] = []
    errors: list[str] = []
    percentiles: dict[str, float] = {}
    shed = replays_ok = replays_bad = 0
    summary: list[int] = []
    for line in out.read_text().splitlines():
        kind, _, rest = line.partition("\t")
        cells = rest.split("\t")
        if kind == "ACK":
            acks.append((cells[0], cells[1], int(cells[2])))
        elif kind == "LAT":
            latencies.append(float(cells[0]))
        elif kind == "ERR":
            errors.append(rest)
        elif kind == "WRK_PERCENTILE":
            percentiles[cells[0]] = int(cells[1]) / 1000
        elif kind == "THREAD":
            shed += int(cells[0])
            replays_ok += int(cells[1])
            replays_bad += int(cells[2])
        elif kind == "SUMMARY":
            summary = [int(cell) for cell in cells]
    duration_s, answers = summary[0] / 1e6, summary[1]
    names = ("connect", "read", "write", "status", "timeout")
    socket_errors = dict(zip(names, summary[2:], strict=True))
    return Run(store, clients, duration_s, answers, acks, latencies, percentiles, shed,
               replays_ok, replays_bad, socket_errors, errors, machine_load())


def machine_load() -> str:
    """The 1-minute load average, as `uptime` shows it."""
    return f"{os.getloadavg()[0]:.1f}"


# -- after the load: correctness and the store's own rate -------------------------------------


@dataclass
class Check:
    """The correctness check of one store's runs."""

    acked: int
    acked_without_claim: int
    acked_without_log_entry: int
    log_entries: collections.Counter[str]
    effect_events: collections.Counter[str]
    events: int

    @property
    def effects_match(self) -> bool:
        return all(self.log_entries[name] == self.effect_events[name] for name in EFFECTS)

    @property
    def ok(self) -> bool:
        return not (self.acked_without_claim or self.acked_without_log_entry) and self.effects_match


@contextmanager
def opened_store(server: Server) -> Iterator[tuple[MentoringService, IdempotencyLedger]]:
    """The mentoring service and the key ledger on serve's store (serve stopped)."""
    with composed(server.settings_env()) as applications:
        yield applications


@contextmanager
def composed(
    settings_env: dict[str, str],
) -> Iterator[tuple[MentoringService, IdempotencyLedger]]:
    """The mentoring service and the key ledger as serve composes them, on the store the
    MENTORING_* variables ``settings_env`` name."""
    from gateways.bootstrap import idempotency_env, persistence_env
    from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
    from gateways.settings import load_settings
    from services.mentoring import MentoringService

    saved = dict(os.environ)
    os.environ.update(settings_env)
    try:
        settings = load_settings()
        service = MentoringService(env=persistence_env(settings))
        ledger = IdempotencyLedger(env=idempotency_env(settings))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        yield service, ledger
    finally:
        service.close()
        ledger.close()


def notifications(app: Application[Any]) -> Iterator[Notification]:
    """Every notification of an application's log, in order."""
    recorder = app.recorder
    start = 1
    while True:
        page = recorder.select_notifications(start, 5000)
        if not page:
            return
        yield from page
        start = page[-1].id + 1


def check(server: Server, runs: list[Run]) -> Check:
    """Every acknowledged command took effect once, and nothing took effect twice."""
    from domain.commands import CommandLog
    from gateways.entrypoints.http.idempotency.fingerprint import command_id
    from gateways.entrypoints.http.idempotency.record import IdempotencyRecord

    acked = {key for run in runs for _, key, _ in run.acks}
    with opened_store(server) as (service, ledger):
        command_ids: dict[str, str] = {}
        for notification in notifications(ledger):
            event = ledger.mapper.to_domain_event(notification)
            if isinstance(event, IdempotencyRecord.Claimed) and event.key in acked:
                command_ids[event.key] = str(command_id(event.scope, event.key,
                                                        event.request_print))
        log_ids: set[object] = set()
        entries: collections.Counter[str] = collections.Counter()
        effects: collections.Counter[str] = collections.Counter()
        wanted = {topic: name for name, topic in EFFECTS.items()}
        events = 0
        for notification in notifications(service):
            events += 1
            topic = notification.topic.rpartition(":")[2]
            if topic == "CommandLog.Handled":
                handled = service.mapper.to_domain_event(notification)
                assert isinstance(handled, CommandLog.Handled)
                log_ids.add(handled.originator_id)
                entries[handled.command_name] += 1
            elif topic in wanted:
                effects[wanted[topic]] += 1
    missing_claims = len(acked - command_ids.keys())
    missing_entries = sum(
        1 for key, ident in command_ids.items() if CommandLog.create_id(ident) not in log_ids
    )
    return Check(len(acked), missing_claims, missing_entries, entries, effects, events)


def raw_append_rate(store: str, events: int, save_size: int, threads: int,
                    directory: Path) -> float:
    """Events/s of the store's own recorder appending ``events`` events in atomic appends of
    ``save_size`` from ``threads`` threads, on a fresh store of the same kind."""
    from eventsourcing.persistence import InfrastructureFactory, StoredEvent
    from eventsourcing.utils import Environment

    if store == "kafka":
        prefix = f"httpload-raw-{uuid.uuid4().hex[:8]}"
        env = {"PERSISTENCE_MODULE": "gateways.stores.kafka", "KAFKA_BOOTSTRAP_SERVERS": BOOTSTRAP,
               "KAFKA_TOPIC_PREFIX": prefix}
    else:
        prefix = ""
        env = {"PERSISTENCE_MODULE": "gateways.stores.sqlite",
               "SQLITE_DBNAME": str(directory / f"raw-{uuid.uuid4().hex[:6]}.db"),
               "SQLITE_LOCK_TIMEOUT": "10"}
    factory = InfrastructureFactory.construct(Environment("RawAppend", env))
    recorder = factory.application_recorder()
    state = b'{"hris_id":"L1t1p1m","department":"sales","job_level":5,"location":"Lisbon"}'
    appends = max(1, events // save_size)
    per_thread = [appends // threads + (1 if slot < appends % threads else 0)
                  for slot in range(threads)]

    def work(slot: int) -> None:
        for _ in range(per_thread[slot]):
            aggregate = uuid.uuid4()
            recorder.insert_events([
                StoredEvent(aggregate, version, "bench:Raw.Appended", state)
                for version in range(1, save_size + 1)
            ])

    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    rate = appends * save_size / (time.perf_counter() - began)
    factory.close()
    if prefix:
        delete_topics(prefix)
    return rate


def delete_topics(prefix: str) -> None:
    """Delete the Kafka topics a run created."""
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.delete_topics([name for name in admin.list_topics() if name.startswith(prefix)])
    finally:
        admin.close()


# -- the report ----------------------------------------------------------------------------


def row(cells: list[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def report_runs(runs: list[Run], capacity: dict[str, float]) -> None:
    """The table of every client count, with the ratio to the store's own rate."""
    print(row(["store", "clients", "commands/s", "p50 ms", "p99 ms", "acked p50 ms",
               "acked p99 ms", "shed (503)", "replays ok/bad", "other errors",
               "serve CPU ms/answer", "HTTP / store capacity", "load"]))
    print(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
               "---:", "---:", "---:"]))
    for run in runs:
        other = len(run.errors) + sum(run.socket_errors.values()) - run.socket_errors["status"]
        ratio = run.rate / capacity[run.store] if capacity.get(run.store) else float("nan")
        print(row([run.store, run.clients, f"{run.rate:,.0f}",
                   f"{run.wrk_percentiles_ms.get('50', 0):.1f}",
                   f"{run.wrk_percentiles_ms.get('99', 0):.1f}",
                   f"{run.percentile(50):.1f}", f"{run.percentile(99):.1f}", run.shed,
                   f"{run.replays_ok}/{run.replays_bad}", other, f"{run.cpu_ms_per_command:.2f}",
                   f"{ratio:.2f}", run.load]))


def report_machine(runs: list[Run]) -> None:
    """Where the machine's CPU went in each run, per acknowledged command, and the most
    commands a second the machine's cores could answer at that cost."""
    cores = machine_cpu.cores()
    print(f"\nThe machine's CPU per acknowledged command ({cores} cores; 1,000 commands/s "
          f"leaves {cores:,} ms of CPU per command for everything):\n")
    print(row(["store", "clients", "commands/s", "machine busy", "serve's cores",
               "serve ms", "brokers ms", "wrk ms", "machine ms",
               "most commands/s at this cost"]))
    print(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]))
    for run in runs:
        cpu = run.cpu
        if cpu is None or not run.acks:
            continue
        per = 1000 / len(run.acks)
        serve, brokers, wrk = run.server_cpu_seconds * per, cpu.brokers * per, cpu.children * per
        machine = cpu.machine * per
        print(row([run.store, run.clients, f"{run.rate:,.0f}", f"{cpu.machine_share:.0%}",
                   f"{run.server_cpu_seconds / max(1e-9, cpu.at):.2f}", f"{serve:.2f}",
                   f"{brokers:.2f}", f"{wrk:.2f}", f"{machine:.2f}",
                   f"{cores * 1000 / max(1e-9, machine):,.0f}"]))


def report_check(store: str, result: Check, events_per_command: float, rate: float,
                 save_size: int) -> None:
    print(f"\n{store}: {result.acked:,} commands acknowledged; {result.events:,} events in the "
          f"log ({events_per_command:.1f} per command); without claim "
          f"{result.acked_without_claim}, without log entry {result.acked_without_log_entry}; "
          f"log entries = effect events per command type: {result.effects_match} "
          f"({dict(result.log_entries)} / {dict(result.effect_events)})")
    print(f"{store}: the store's own appends: {rate:,.0f} events/s in appends of {save_size} "
          f"= {rate / save_size:,.0f} commands/s of capacity")
    print(f"{store}: correctness {'OK' if result.ok else 'FAILED'}")


def bench_store(store: str, args: argparse.Namespace) -> tuple[list[Run], float, bool]:
    """Every client count on one store; the runs, the store capacity in commands/s, and
    whether the correctness check passed."""
    directory = Path(tempfile.mkdtemp(prefix=f"httpload-{store}-"))
    server = Server.on(
        store, directory, dict(args.serve_env), args.serve_root, args.serve_workers
    )
    runs: list[Run] = []
    try:
        server.start()
        assert server.process is not None
        serving = cpu_list(frozenset(os.sched_getaffinity(server.process.pid)))
        print(f"  {store}: serve on CPU {serving}, wrk on CPU "
              f"{cpu_list(cpus_apart_from(server)) or serving}", file=sys.stderr)
        programs = prepare_programs(server.url, max(1, args.wrk_threads))
        for clients in args.clients:
            run = run_wrk(server, programs, clients, args)
            runs.append(run)
            print(f"  {store} {clients} clients: {run.rate:,.0f} commands/s, acked p99 "
                  f"{run.percentile(99):.1f} ms, shed {run.shed}, errors {len(run.errors)}, "
                  f"serve CPU {run.cpu_ms_per_command:.2f} ms/answer, load {run.load}",
                  file=sys.stderr)
            for line in run.errors[:3]:
                print(f"    {line}", file=sys.stderr)
        server.stop()
        result = check(server, runs)
        commands = sum(result.log_entries.values())
        per_command = result.events / max(1, commands)
        save_size = max(1, round(per_command))
        threads = min(32, max(args.clients))
        before = CpuTimes.now()
        rate = raw_append_rate(store, result.events, save_size, threads, directory)
        appends = CpuTimes.now() - before
        report_check(store, result, per_command, rate, save_size)
        per_append = 1000 / max(1, result.events // save_size)  # ms per append, per second
        print(f"{store}: CPU per append of {save_size} (one command's events): the store's "
              f"client {appends.own * per_append:.2f} ms, the brokers "
              f"{appends.brokers * per_append:.2f} ms, the machine "
              f"{appends.machine * per_append:.2f} ms")
        return runs, rate / save_size, result.ok
    except BaseException:
        print(server.tail(40), file=sys.stderr)
        raise
    finally:
        server.stop()
        if store == "kafka" and not args.keep:
            delete_topics(server.prefix)
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", default="kafka,sqlite")
    parser.add_argument("--clients", default="1,8,32,128")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=3, help="sessions per pair")
    parser.add_argument("--replay-every", type=int, default=50,
                        help="send every n-th acknowledged command again (0: never)")
    parser.add_argument("--serve-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra environment variable for serve")
    parser.add_argument("--serve-root", type=Path, default=ROOT, metavar="DIR",
                        help="run serve from this copy of the project")
    parser.add_argument("--profile", metavar="DIR", help="record serve with py-spy into DIR")
    parser.add_argument("--serve-workers", type=int, default=1, metavar="N",
                        help="serve's worker processes on SQLite (Kafka: always one writer)")
    parser.add_argument("--keep", action="store_true", help="keep the stores")
    args = parser.parse_args()
    args.clients = [int(count) for count in args.clients.split(",")]
    args.serve_env = [tuple(item.split("=", 1)) for item in args.serve_env]
    return args


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    print(f"load at start: {os.getloadavg()}", file=sys.stderr)
    runs: list[Run] = []
    capacity: dict[str, float] = {}
    passed = True
    for store in args.stores.split(","):
        store_runs, capacity[store], ok = bench_store(store, args)
        runs += store_runs
        passed = passed and ok
    print()
    report_runs(runs, capacity)
    report_machine(runs)
    print(f"\nload at end: {os.getloadavg()}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
