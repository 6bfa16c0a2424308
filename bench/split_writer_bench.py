"""What serve could answer split into an HTTP process and a writer process (issue 20).

    .venv/bin/python bench/split_writer_bench.py [--clients 32,128] [--seconds 15]

`mentoring serve` on Kafka runs every request in the one process that holds the store's
writer, under one GIL: at 32 clients the machine's cores are half idle while that process is
busy. The seventh pass (docs/benchmarks.md) measured how fast the writer could go alone; this
bench measures the split itself, end to end, at its best:

* **the writer process** runs the mentoring service and the Idempotency-Key ledger, composed as
  serve composes them, on the CPU serve pins itself to by default. Each connection from the
  HTTP process has a thread of its own that receives a call (a command, a key's claim, a batch
  of responses to keep, its release), runs it and sends the answer back (pickled, over a Unix
  socket: Python's ``multiprocessing.connection``);
* **the HTTP process** runs the real app (``gateways.bootstrap.http_app_over``: every
  middleware, authentication, the routes, the response keeper, observability) on the other
  CPU, with the service and the ledger replaced by proxies that make those calls. It runs no
  portal read model and no scheduler, which serve runs beside its commands: this is the split
  at its best, an upper bound for a serve built this way.

wrk sends the HTTP bench's mix (``bench/http_load_mix.lua``) from the writer's CPU. The
tables are the HTTP bench's, plus each process's CPU per acknowledged command; then the same
exactly-once check (every acknowledged key has its ledger record and log entry, and each
command type's log entries equal its effect events). This is a measurement, not the product:
serve itself is unchanged.

MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the broker.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
import http_load_bench  # noqa: E402  # its server, wrk run, checks and tables
import machine_cpu  # noqa: E402

from gateways.protocol_checks import remember_protocol_members  # noqa: E402

if TYPE_CHECKING:
    from fastapi import FastAPI

    from gateways.entrypoints.http.idempotency.ledger import Claim
    from gateways.entrypoints.http.idempotency.record import StoredResponse
    from services.command import Command

WRITER_SOCKET = "BENCH_WRITER_SOCKET"


# -- the writer process -----------------------------------------------------------------------


def run_writer(address: str) -> None:
    """Serve the service's and the ledger's calls on ``address`` until SIGTERM."""
    from gateways.entrypoints.cli.serve import pinned
    from gateways.entrypoints.http.cpu_affinity import parse_cpus
    from gateways.observability.instrument import observe_recorder
    from projections.portal.follower import on_written

    pinned(parse_cpus("auto"), workers=1)
    remember_protocol_members()
    settings_env = {k: v for k, v in os.environ.items() if k.startswith("MENTORING_")}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with http_load_bench.composed(settings_env) as (service, ledger), \
            Listener(address, family="AF_UNIX", backlog=128) as listener:
        observe_recorder(service.recorder)  # as serve's observability does
        written = threading.local()
        # the position a call wrote, learnt as serve's portal read model learns it
        on_written(service, lambda position: setattr(written, "position", position))
        calls: dict[str, Callable[..., Any]] = {
            "handle": service.handle, "head": service.recorder.max_notification_id,
            "claim": ledger.claim, "release": ledger.release,
            "keep_responses": ledger.keep_responses,
        }
        while True:
            connection = listener.accept()
            threading.Thread(target=answer_calls, args=(connection, calls, written),
                             daemon=True).start()


def answer_calls(
    connection: Connection, calls: dict[str, Callable[..., Any]], written: threading.local
) -> None:
    """Run one connection's calls, one after another, until it closes."""
    while True:
        try:
            name, arguments = connection.recv()
        except (EOFError, OSError):
            return
        written.position = None
        try:
            reply: tuple[Any, ...] = ("ok", calls[name](*arguments), written.position)
        except Exception as error:  # raised again in the HTTP process
            reply = ("error", portable(error), None)
        connection.send(reply)


def portable(error: Exception) -> Exception:
    """``error`` if it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


# -- the HTTP process ---------------------------------------------------------------------------


class Writer:
    """Calls into the writer process: a connection per calling thread."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.local = threading.local()

    def call(self, name: str, *arguments: Any) -> Any:
        from projections.portal.follower import REQUEST_WRITES

        connection: Connection | None = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = Client(self.address, family="AF_UNIX")
        connection.send((name, arguments))
        status, value, position = connection.recv()
        if status == "error":
            raise value
        holder = REQUEST_WRITES.get()
        if position is not None and holder is not None:
            holder.saw(position)  # X-Log-Position, as serve answers it
        return value


class RecorderElsewhere:
    """The service's recorder, which is in the writer process: observability counts and
    times its writes there (``run_writer``). Observability wraps this stand-in too; nothing
    calls it."""

    def insert_events(self, *_: Any, **__: Any) -> None:
        raise RuntimeError("the writer process records the events")


@dataclass
class ServiceProxy:
    """What the command routes (and observability, which counts and times each command in a
    span here, as in serve) call of the mentoring service."""

    writer: Writer
    recorder: RecorderElsewhere = field(default_factory=RecorderElsewhere)

    def handle(self, command: Command[Any]) -> Any:
        return self.writer.call("handle", command)


@dataclass
class LedgerProxy:
    """What the routes and the response keeper call of the Idempotency-Key ledger."""

    writer: Writer

    def claim(self, scope: str, key: str, request_print: str) -> Claim:
        claim: Claim = self.writer.call("claim", scope, key, request_print)
        return claim

    def release(self, scope: str, key: str) -> None:
        self.writer.call("release", scope, key)

    def keep_responses(
        self, responses: list[tuple[str, str, StoredResponse]]
    ) -> list[StoredResponse | BaseException]:
        kept: list[StoredResponse | BaseException] = self.writer.call(
            "keep_responses", list(responses))
        return kept


@dataclass
class SplitContainer:
    """The app's dependencies in the HTTP process: proxies for the service and the ledger."""

    service: Any
    ledger: Any
    key_ring: Any
    readiness: Any
    max_commands_in_flight: int
    command_threads: int | None
    portal: None = field(default=None)

    def start(self) -> None:
        """Nothing runs beside the API here."""

    def close(self) -> None:
        """The writer process holds the stores."""


def split_app() -> FastAPI:
    """The real app over proxies of the writer process at $BENCH_WRITER_SOCKET."""
    from gateways.bootstrap import http_app_over
    from gateways.entrypoints.http.auth.loading import load_key_ring
    from gateways.entrypoints.http.health import ReadinessProbes
    from gateways.entrypoints.http.settings import load_http_settings
    from gateways.logging import configure_logging
    from gateways.settings import load_settings

    settings = load_settings()
    configure_logging(settings)
    remember_protocol_members()
    http = load_http_settings()
    writer = Writer(os.environ[WRITER_SOCKET])

    def container() -> SplitContainer:
        return SplitContainer(
            ServiceProxy(writer), LedgerProxy(writer),
            load_key_ring(http, settings.environment),
            ReadinessProbes(store_head=lambda: writer.call("head")),
            http.http_max_commands_in_flight, http.command_threads("kafka"),
        )

    return http_app_over(settings, container)


def run_split(port: int, address: str) -> None:
    """Start the writer process, pin this one to the other CPUs, and serve HTTP on ``port``."""
    import uvicorn

    from gateways.entrypoints.http.cpu_affinity import allowed_cpus, pin_process

    writer = subprocess.Popen([sys.executable, __file__, "--writer", address])
    try:
        deadline = time.monotonic() + 60
        while not Path(address).exists():
            if writer.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the writer process did not start ({writer.poll()})")
            time.sleep(0.1)
        apart = allowed_cpus() - frozenset(os.sched_getaffinity(writer.pid))
        if apart:
            pin_process(apart)
        os.environ[WRITER_SOCKET] = address
        uvicorn.run(split_app(), host="127.0.0.1", port=port, access_log=False)
    finally:
        writer.terminate()
        writer.wait(30)


# -- the driver ---------------------------------------------------------------------------------


@dataclass
class SplitServer(http_load_bench.Server):
    """The split serve: this script's HTTP process, which starts its writer process."""

    @property
    def command(self) -> list[str]:
        address = str(self.directory / "writer.sock")
        return [sys.executable, __file__, "--serve-split", str(self.port), address]

    def writer_pid(self) -> int:
        assert self.process is not None
        table = machine_cpu.process_table()
        return next(pid for pid, (parent, _) in table.items() if parent == self.process.pid)


@dataclass(frozen=True)
class Split:
    """Each process's CPU over one client count's run."""

    clients: int
    commands: int
    writer_seconds: float
    http_seconds: float

    def per_command(self, seconds: float) -> float:
        return seconds * 1000 / max(1, self.commands)


def bench(args: argparse.Namespace) -> bool:
    directory = Path(tempfile.mkdtemp(prefix="split-"))
    server = SplitServer.on("kafka", directory, {}, ROOT)
    runs: list[http_load_bench.Run] = []
    splits: list[Split] = []
    try:
        server.start()
        assert server.process is not None
        writer = server.writer_pid()
        print(f"  HTTP process on CPU {sorted(os.sched_getaffinity(server.process.pid))}, "
              f"writer process on CPU {sorted(os.sched_getaffinity(writer))}", file=sys.stderr)
        programs = http_load_bench.prepare_programs(server.url, max(1, args.wrk_threads))
        for clients in args.clients:
            writer_before = machine_cpu.tree_cpu_seconds(writer)
            run = http_load_bench.run_wrk(server, programs, clients, args)
            writer_seconds = machine_cpu.tree_cpu_seconds(writer) - writer_before
            runs.append(run)
            splits.append(Split(clients, len(run.acks), writer_seconds,
                                run.server_cpu_seconds - writer_seconds))
            print(f"  {clients} clients: {run.rate:,.0f} commands/s, acked p99 "
                  f"{run.percentile(99):.1f} ms, errors {len(run.errors)}, load {run.load}",
                  file=sys.stderr)
            for line in run.errors[:3]:
                print(f"    {line}", file=sys.stderr)
        server.stop()
        result = http_load_bench.check(server, runs)
        print()
        http_load_bench.report_runs(runs, {})
        http_load_bench.report_machine(runs)
        report_split(splits)
        commands = sum(result.log_entries.values())
        http_load_bench.report_check("kafka", result, result.events / max(1, commands),
                                     float("nan"), 1)
        return result.ok
    except BaseException:
        print(server.tail(40), file=sys.stderr)
        raise
    finally:
        server.stop()
        http_load_bench.delete_topics(server.prefix)
        shutil.rmtree(directory, ignore_errors=True)


def report_split(splits: list[Split]) -> None:
    row = http_load_bench.row
    print("\nEach process's CPU per acknowledged command (the writer's core bounds the "
          "split: 1,000 ms of it a second):\n")
    print(row(["clients", "writer process ms", "HTTP process ms",
               "most commands/s the writer's core allows"]))
    print(row(["---:", "---:", "---:", "---:"]))
    for split in splits:
        writer = split.per_command(split.writer_seconds)
        print(row([split.clients, f"{writer:.2f}", f"{split.per_command(split.http_seconds):.2f}",
                   f"{1000 / max(1e-9, writer):,.0f}"]))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="32,128")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=3, help="sessions per pair")
    parser.add_argument("--replay-every", type=int, default=50)
    parser.add_argument("--profile", metavar="DIR", help="record the HTTP process with py-spy")
    parser.add_argument("--writer", metavar="SOCKET", help=argparse.SUPPRESS)
    parser.add_argument("--serve-split", nargs=2, metavar=("PORT", "SOCKET"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.clients = [int(count) for count in args.clients.split(",")]
    return args


def main() -> None:
    args = parse_args()
    if args.writer is not None:
        run_writer(args.writer)
        return
    if args.serve_split is not None:
        run_split(int(args.serve_split[0]), args.serve_split[1])
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    print(f"load at start: {os.getloadavg()}", file=sys.stderr)
    passed = bench(args)
    print(f"\nload at end: {os.getloadavg()}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
