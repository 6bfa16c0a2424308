"""The least a command can cost on this machine, layer by layer (issue 20).

    .venv/bin/python bench/command_floor_bench.py [--seconds 8] [--pairs 300] [--stores ...]

`bench/http_load_bench.py` measures the whole API. This bench measures the layers under it
on their own, in one run, so the gap between them and the issue's target (1,000 commands/s at
32 clients) is a figure, not a guess:

1. **The framework alone.** FastAPI under uvicorn, as `mentoring serve` runs it (uvloop,
   httptools, no access log), with one POST route that validates the API's real hire body and
   answers a small model: no middleware, no dependency, no store. wrk at 32 connections.
2. **The app's HTTP stack alone.** `mentoring serve` on Kafka answering `GET /healthz`: every
   middleware of the app and its routing, but no dependency, no body and no store. Then a
   command's whole HTTP path without its command: one hire sent again and again with the same
   Idempotency-Key (authentication, the route's dependencies, the key's claim in a worker
   thread, the ledger's read of the record, the first answer replayed). wrk at 32 connections.
3. **The service alone, on each store.** `MentoringService.handle` running the HTTP bench's mix
   (pairs: two hires, the mentor's promotion, volunteering, training, the mentee's enrolment, a
   request, its acceptance, three sessions), each command with a command id as an
   Idempotency-Key gives, one after another in one thread: no HTTP and no read model; then the
   same with the key ledger around each command (its claim before, its response kept after).
   Each also with the pairs run by 32 threads at once (``--threads``), as serve's command
   threads run them under load: on Kafka, saves made at once share a transaction. Serve's own
   stores, composed as serve composes them (private fields sealed under per-person keys,
   snapshots), on the one CPU serve pins itself to by default. The CPU counts every thread of
   the process (Kafka's commit threads too).

The sum of 1 and 3 is the least CPU a command through HTTP can cost in one process; its
inverse is the most commands a second one core could answer, before the key ledger, the
portal read model, authentication and the app's middlewares add theirs. The summary gives it
against the target. On Kafka all commands run in the one process that holds the writer, so
the Kafka rows with the key ledger and 32 threads are also the most a writer process could
run if every HTTP request were answered by other processes: the summary's last line.

MENTORING_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) names the broker for the Kafka store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
import http_load_bench  # noqa: E402  # its serve process and topic helpers
from machine_cpu import tree_cpu_seconds  # noqa: E402

from gateways.entrypoints.http.auth.keys import Role  # noqa: E402
from gateways.protocol_checks import remember_protocol_members  # noqa: E402
from tests.e2e.http_world import KEYS  # noqa: E402

if TYPE_CHECKING:
    from fastapi import FastAPI

    from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
    from services.command import Command
    from services.mentoring import MentoringService

TARGET = 1000.0
"""Commands a second at 32 clients (issue 20)."""
HIRE_BODY = (b'{"hris_id":"B1","department":"Sales","job_level":5,"location":"Lyon",'
             b'"hired_on":"2024-01-10"}')
DAY = date(2024, 2, 1)


# -- 1 and 2: HTTP floors with wrk ---------------------------------------------------------


@dataclass(frozen=True)
class HttpFloor:
    """What wrk measured against one server."""

    name: str
    requests_per_second: float
    cpu_ms_per_request: float
    non_2xx: int


def bare_app() -> FastAPI:
    """FastAPI with one POST route taking the API's hire body: the framework's own cost."""
    from fastapi import FastAPI
    from pydantic import BaseModel

    from gateways.entrypoints.http.models.employees import HireEmployee

    class Hired(BaseModel):
        employee_id: str

    async def hire(body: HireEmployee) -> Hired:
        return Hired(employee_id=body.hris_id)

    hire.__annotations__ = {"body": HireEmployee, "return": Hired}  # local classes, resolved
    app = FastAPI()
    app.post("/employees", status_code=201)(hire)
    return app


def serve_bare(port: int) -> None:
    """Run the bare app (this script's child process)."""
    import uvicorn

    uvicorn.run(bare_app(), host="127.0.0.1", port=port, access_log=False, log_level="warning")


def wrk(url: str, seconds: float, pid: int, script: Path | None = None) -> tuple[float, float, int]:
    """Requests/s, the server's CPU ms per request and the non-2xx answers of a wrk run at
    32 connections."""
    command = ["wrk", "-t", "2", "-c", "32", "-d", f"{round(seconds)}s"]
    if script is not None:
        command += ["-s", str(script)]
    before = tree_cpu_seconds(pid)
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    cpu = tree_cpu_seconds(pid) - before
    requests = int(next(line for line in done.splitlines() if "requests in" in line).split()[0])
    errors = next((line for line in done.splitlines() if "Non-2xx" in line), "0")
    return requests / seconds, cpu * 1000 / max(1, requests), int(errors.split()[-1])


def framework_floor(seconds: float, directory: Path) -> HttpFloor:
    """1: the bare FastAPI route under wrk."""
    port = http_load_bench.failover_bench.free_port()
    script = directory / "hire.lua"
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = '{HIRE_BODY.decode()}'\n"
    )
    process = subprocess.Popen([sys.executable, __file__, "--serve-bare", str(port)], cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}/employees"
        wait_until(lambda: httpx.post(url, content=HIRE_BODY, headers={
            "Content-Type": "application/json"}).status_code == 201)
        rate, cpu, errors = wrk(url, seconds, process.pid, script)
        return HttpFloor("FastAPI alone: one POST route, the hire body", rate, cpu, errors)
    finally:
        process.terminate()
        process.wait(10)


def stack_floors(seconds: float, directory: Path) -> list[HttpFloor]:
    """2: the app's middlewares and routing (`GET /healthz` of `mentoring serve` on Kafka),
    then a command's whole HTTP path without its command: a hire sent again and again with
    one Idempotency-Key, each answered from the key ledger as a replay."""
    server = http_load_bench.Server.on("kafka", directory, {}, ROOT)
    try:
        server.start()
        assert server.process is not None
        rate, cpu, errors = wrk(server.url + "/healthz", seconds, server.process.pid)
        floors = [HttpFloor("the app's HTTP stack: GET /healthz through every middleware",
                            rate, cpu, errors)]
        headers = {"Content-Type": "application/json", "Idempotency-Key": "floor-replay",
                   "X-API-Key": KEYS[Role.HRIS]}
        httpx.post(server.url + "/employees", content=HIRE_BODY, headers=headers,
                   timeout=30).raise_for_status()
        script = directory / "replay.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            + "".join(f'wrk.headers["{name}"] = "{value}"\n' for name, value in headers.items())
            + f"wrk.body = '{HIRE_BODY.decode()}'\n"
        )
        rate, cpu, errors = wrk(server.url + "/employees", seconds, server.process.pid, script)
        floors.append(HttpFloor("a command's HTTP path, no command: a hire replayed from the "
                                "key ledger", rate, cpu, errors))
        return floors
    finally:
        server.stop()
        http_load_bench.delete_topics(server.prefix)


def wait_until(ready: Callable[[], bool], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with suppress(httpx.HTTPError):
            if ready():
                return
        time.sleep(0.2)
    raise RuntimeError("the bare app did not answer")


# -- 3: the service alone ------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFloor:
    """The mix run by the service alone on one store."""

    store: str
    commands: int
    wall_seconds: float
    cpu_seconds: float

    @property
    def cpu_ms(self) -> float:
        return self.cpu_seconds * 1000 / self.commands

    @property
    def wall_ms(self) -> float:
        return self.wall_seconds * 1000 / self.commands


def store_settings(store: str, directory: Path, prefix: str) -> dict[str, str]:
    """The MENTORING_* variables of a fresh store of this kind (serve's defaults otherwise:
    the mapper sealing private fields under per-person keys, the snapshot interval)."""
    location = {
        "memory": "memory://",
        "sqlite": f"sqlite:///{directory / f'floor-{prefix}.db'}",
        "kafka": f"kafka://{http_load_bench.BOOTSTRAP}",
    }[store]
    return {"MENTORING_STORE": location, "MENTORING_KAFKA_TOPIC_PREFIX": prefix,
            "MENTORING_KAFKA_STATE_DIR": str(directory / f"state-{prefix}"),
            "MENTORING_ENVIRONMENT": "test"}


@contextmanager
def composed(
    store: str, directory: Path, prefix: str
) -> Iterator[tuple[MentoringService, IdempotencyLedger]]:
    """The mentoring service and the key ledger as the composition root builds them, on a
    fresh store of this kind (its topics deleted after, on Kafka)."""
    try:
        with http_load_bench.composed(store_settings(store, directory, prefix)) as applications:
            yield applications
    finally:
        if store == "kafka":
            http_load_bench.delete_topics(prefix)


class Mix:
    """The HTTP bench's pair scenario as service commands, each with a command id; with a
    key ledger, each command's key is claimed first and its response kept after, as the API
    does for a request with an Idempotency-Key (one at a time here: no batch of responses)."""

    def __init__(self, service: MentoringService, ledger: IdempotencyLedger | None) -> None:
        from domain.vocabulary import Formality, ProgramType
        from services.programs import LaunchProgram, OpenRound

        self.service = service
        self.ledger = ledger
        self.commands = 0
        self._counting = threading.Lock()
        self.program_id = self.handle(
            LaunchProgram, stamp=self.stamp("E0"), name="Floor",
            program_type=ProgramType.GENERAL, goal="grow", formality=Formality.STRUCTURED,
            starts_on=DAY, ends_on=None, meeting_cadence="biweekly",
            executive_sponsor_id="E0", require_training=True,
        )
        self.handle(OpenRound, stamp=self.stamp("E0"), program_id=self.program_id,
                    round_name="first")

    @staticmethod
    def stamp(actor: str) -> object:
        from domain.base import Stamp

        return Stamp(actor, DAY)

    def handle(self, command: Callable[..., Command[Any]], **fields: object) -> Any:
        """Run one command under a fresh key (claimed and answered in the ledger, if any)."""
        from gateways.entrypoints.http.idempotency.record import StoredResponse

        key = uuid.uuid4().hex
        command_id = key
        if self.ledger is not None:
            command_id = str(self.ledger.claim("bench", key, key).command_id)
        with self._counting:
            self.commands += 1
        result = self.service.handle(command(command_id=command_id, **fields))
        if self.ledger is not None:
            body = f'{{"id":"{result}"}}'
            answer = StoredResponse(201, body, {"content-type": "application/json"})
            self.ledger.keep_response("bench", key, answer)
        return result

    def pair(self, number: int) -> None:
        """One pair's eleven commands, in the order the HTTP bench sends them."""
        from domain.base import HRIS_ACTOR
        from domain.vocabulary import SessionMode
        from services.employees import HireEmployee, PromoteEmployee
        from services.enrolment import CompleteMentorTraining, EnrolMentee, VolunteerAsMentor
        from services.mentorships import HoldSession
        from services.requests import AcceptRequest, MakeRequest

        mentor, mentee = f"M{number}", f"T{number}"
        program = self.program_id
        for hris_id in (mentor, mentee):
            self.handle(HireEmployee, stamp=self.stamp(HRIS_ACTOR), hris_id=hris_id,
                        department="Sales", job_level=5, manager_id=None, location="Lyon")
        self.handle(PromoteEmployee, stamp=self.stamp(HRIS_ACTOR), hris_id=mentor,
                    new_job_level=6)
        self.handle(VolunteerAsMentor, stamp=self.stamp(mentor), program_id=program,
                    employee_id=mentor, topics=("negotiation",), capacity=2, hours_per_month=4)
        self.handle(CompleteMentorTraining, stamp=self.stamp("A1"), program_id=program,
                    employee_id=mentor, course="Mentoring 101")
        self.handle(EnrolMentee, stamp=self.stamp(mentee), program_id=program,
                    employee_id=mentee, topics=("negotiation",), aim="close deals")
        request_id = self.handle(MakeRequest, stamp=self.stamp(mentee), program_id=program,
                                 topic="negotiation", choices=(mentor,),
                                 reason="I want to learn", respond_by=date(2024, 2, 29))
        mentorship_id = self.handle(AcceptRequest, stamp=self.stamp(mentor),
                                    request_id=request_id)
        for _ in range(3):
            self.handle(HoldSession, stamp=self.stamp(mentee), mentorship_id=mentorship_id,
                        duration_minutes=45, mode=SessionMode.VIRTUAL, topics=("negotiation",))


def service_floor(
    store: str, pairs: int, directory: Path, *, keys: bool, threads: int = 1
) -> ServiceFloor:
    """3: the mix through ``MentoringService.handle`` on a fresh store (with the key ledger
    around each command when ``keys``), its pairs run by ``threads`` threads at once (as
    serve's command threads run them: on Kafka, concurrent saves share a transaction); the
    first tenth of the pairs warms up, uncounted."""
    prefix = f"floor-{uuid.uuid4().hex[:8]}"
    with composed(store, directory, prefix) as (service, ledger), \
            ThreadPoolExecutor(threads) as pool:
        mix = Mix(service, ledger if keys else None)
        warm = max(1, pairs // 10)
        list(pool.map(mix.pair, range(warm)))
        counted = mix.commands
        wall, cpu = time.perf_counter(), time.process_time()
        list(pool.map(mix.pair, range(warm, warm + pairs)))
        name = f"{store}, with the key ledger" if keys else store
        if threads > 1:
            name += f", {threads} threads"
        return ServiceFloor(name, mix.commands - counted, time.perf_counter() - wall,
                            time.process_time() - cpu)


# -- the report ----------------------------------------------------------------------------


def report(http: list[HttpFloor], services: list[ServiceFloor]) -> None:
    row = http_load_bench.row
    print(row(["layer", "requests/s at 32 connections", "server CPU ms/request", "non-2xx"]))
    print(row(["---", "---:", "---:", "---:"]))
    for floor in http:
        print(row([floor.name, f"{floor.requests_per_second:,.0f}",
                   f"{floor.cpu_ms_per_request:.3f}", floor.non_2xx]))
    print()
    print(row(["store", "commands", "CPU ms/command (all threads)", "wall ms/command",
               "framework + service CPU ms", "most commands/s on one core",
               "of the 1,000/s target"]))
    print(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]))
    framework = http[0].cpu_ms_per_request if http else 0.0
    for service in services:
        least = framework + service.cpu_ms
        print(row([service.store, service.commands, f"{service.cpu_ms:.3f}",
                   f"{service.wall_ms:.3f}",
                   f"{least:.3f}", f"{1000 / least:,.0f}", f"{1000 / least / TARGET:.2f}"]))
    writers = [service for service in services
               if service.store.startswith("kafka, with the key ledger,")]
    for writer in writers:
        print(f"\nThe writer alone: on Kafka, the process holding the writer ran the commands "
              f"and their keys at {writer.cpu_ms:.3f} ms of CPU each ({writer.store}), so it "
              f"could run at most {1000 / writer.cpu_ms:,.0f} commands/s on its core even if "
              f"other processes answered every HTTP request "
              f"({1000 / writer.cpu_ms / TARGET:.2f} of the target).")


def pinned_like_serve() -> str:
    """Pin this process where ``mentoring serve`` pins itself by default
    (MENTORING_HTTP_CPUS=auto, one worker), with serve's own ``pinned``: the CPUs it then
    runs on, as the kernel lists them."""
    from gateways.entrypoints.cli.serve import pinned
    from gateways.entrypoints.http.cpu_affinity import allowed_cpus, cpu_list, parse_cpus

    pinned(parse_cpus("auto"), workers=1)
    return cpu_list(allowed_cpus())


@contextmanager
def scratch() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="floor-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="each wrk run")
    parser.add_argument("--pairs", type=int, default=300, help="pairs of the mix per store")
    parser.add_argument("--stores", default="memory,sqlite,kafka")
    parser.add_argument("--threads", default="1,32",
                        help="the service's commands run by this many threads at once, each")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.serve_bare is not None:
        serve_bare(args.serve_bare)
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    print(f"load at start: {os.getloadavg()}", file=sys.stderr)
    with scratch() as directory:
        http = [framework_floor(args.seconds, directory), *stack_floors(args.seconds, directory)]
        print(f"the service rows run on CPU {pinned_like_serve()}, as serve runs by default",
              file=sys.stderr)
        remember_protocol_members()  # as every `mentoring` command does
        services = [service_floor(store, args.pairs, directory, keys=keys, threads=threads)
                    for store in args.stores.split(",") for keys in (False, True)
                    for threads in map(int, args.threads.split(","))]
    report(http, services)
    print(f"\nload at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
