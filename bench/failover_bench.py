"""Failover under HTTP load: `mentoring serve` on a three-broker cluster, brokers killed and
restarted while client threads file memos with Idempotency-Keys at a steady rate.

    .venv/bin/python bench/failover_bench.py [--repetitions 5] [--clients 4] [--rate 20]
        [--trials leader,coordinator,rolling] [--keep]

It starts `deploy/kafka/broker.sh start --brokers 3` on free ports in a temporary run directory
(replication factor 3, min.insync.replicas 2, unclean election off), runs `mentoring serve` on it
(MENTORING_KAFKA_REPLICATION_FACTOR=3, MENTORING_KAFKA_MIN_INSYNC_REPLICAS=2), sets up one
mentorship per client thread over HTTP, then repeats each trial while the clients send:

* leader: kill -9 the leader of the events partition (`broker.sh kill-leader`), restart it;
* coordinator: kill -9 the broker coordinating most of serve's transactional ids (one
  that does not lead the events partition, if there is one), restart it;
* rolling: restart the three brokers one after the other (`broker.sh restart-broker N`, each
  waited for until every partition is fully in sync again).

A client retries a command (same Idempotency-Key, same body) on 503, on 409
idempotency-key-in-use, on a timeout and on a lost connection, honouring Retry-After (at most
1 s), for up to --give-up seconds. Per trial: commands acknowledged, client-visible error
answers by status, retries, the longest stall (no command acknowledged by anyone), the slowest
command (first send to acknowledgement), latency p50/p99, and what serve logged as errors (by
type and writer). A serve that is not ready after a trial (a fenced writer) is restarted, and
the table says so. Afterwards a freshly started serve reads every mentorship's memos back (the
mentee's private record): every acknowledged memo must be there exactly once (by its text,
the key) and none twice; then, with serve stopped, `mentoring audit verify` checks that the
notification ids are dense and the hash chain intact.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateways.entrypoints.http.auth.keys import Role  # noqa: E402
from tests.e2e.http_world import (  # noqa: E402
    KEYS,
    Api,
    enrol,
    hire,
    key_settings,
    launch_program,
    volunteer,
)
from tests.integration.broker.conftest import Broker, free_base_port  # noqa: E402

APP = "mentoring"
KEY_IN_USE = "idempotency-key-in-use"  # 409 while the key's first request runs (or its lease)
MEMO_DATE = "2024-02-10"


# -- the cluster ---------------------------------------------------------------------------------


def admin(bootstrap: str):  # noqa: ANN201 - kafka-python's KafkaAdminClient
    from kafka import KafkaAdminClient

    return KafkaAdminClient(
        bootstrap_servers=bootstrap.split(","),
        request_timeout_ms=3000,
        bootstrap_timeout_ms=3000,
    )


def asking(bootstrap: str, question: Callable, within: float = 30.0):  # noqa: ANN201
    """question(admin) with a fresh admin client, asked again while a broker is dying."""
    deadline = time.monotonic() + within
    while True:
        try:
            client = admin(bootstrap)
            try:
                return question(client)
            finally:
                client.close()
        except Exception:  # noqa: BLE001 - the metadata may still name the dead node
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def events_leader(bootstrap: str, topic: str) -> int:
    """The node leading partition 0 of topic."""

    def ask(client) -> int:  # noqa: ANN001
        (described,) = client.describe_topics([topic])
        leader = described["partitions"][0]["leader_id"]
        if leader < 0:
            raise RuntimeError(f"{topic}-0 has no leader")
        return int(leader)

    return asking(bootstrap, ask)


def coordinators(bootstrap: str, prefix: str) -> dict[str, int]:
    """transactional id -> coordinating node, for every transactional id named `{prefix}.*`."""

    def ask(client) -> dict[str, int]:  # noqa: ANN001
        listed = client.list_transactions()
        return {
            t.transactional_id: node
            for node, listings in listed.items()
            for t in listings
            if t.transactional_id.startswith(prefix + ".")
        }

    return asking(bootstrap, ask)


def topic_durability(bootstrap: str, topic: str) -> tuple[int, str]:
    """(replicas of partition 0, min.insync.replicas) of a topic, as the store created it."""
    from kafka.admin import ConfigResource, ConfigResourceType

    def ask(client) -> tuple[int, str]:  # noqa: ANN001
        (described,) = client.describe_topics([topic])
        wanted = ConfigResource(ConfigResourceType.TOPIC, topic, configs=["min.insync.replicas"])
        configs = client.describe_configs([wanted])["topic"][topic]
        replicas = len(described["partitions"][0]["replica_nodes"])
        return replicas, configs["min.insync.replicas"]["value"]

    return asking(bootstrap, ask)


def fully_in_sync(bootstrap: str, nodes: int) -> bool:
    """Every partition (internal topics too) has a leader and all its replicas in sync."""

    def ask(client) -> bool:  # noqa: ANN001
        live = [b for b in client.describe_cluster()["brokers"] if not b.get("is_fenced")]
        if len(live) < nodes:
            return False
        return all(
            p["leader_id"] >= 0 and len(p["isr_nodes"]) == len(p["replica_nodes"])
            for topic in client.describe_topics()
            for p in topic["partitions"]
        )

    try:
        return bool(asking(bootstrap, ask, within=3))
    except Exception:  # noqa: BLE001
        return False


def wait_in_sync(cluster: Broker, within: float = 90.0) -> float:
    """Seconds until every partition is fully in sync again."""
    began = time.monotonic()
    while not fully_in_sync(cluster.bootstrap, cluster.nodes):
        if time.monotonic() - began > within:
            raise RuntimeError(f"the cluster was not back in sync within {within:g}s")
        time.sleep(0.5)
    return time.monotonic() - began


def kill_node(cluster: Broker, node: int) -> None:
    """kill -9 one node (what `broker.sh kill-leader` does to the leader)."""
    os.kill(cluster.pid(node), signal.SIGKILL)


# -- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """`mentoring serve` on the cluster, its output in a log file."""

    bootstrap: str
    prefix: str
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    write_timeout: float | None = None  # KAFKA_WRITE_TIMEOUT of both writers (None: default)

    @property
    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "KAFKA_"))}
        return {
            **keep,
            "MENTORING_STORE": f"kafka://{self.bootstrap}",
            "MENTORING_KAFKA_TOPIC_PREFIX": self.prefix,
            "MENTORING_KAFKA_REPLICATION_FACTOR": "3",
            "MENTORING_KAFKA_MIN_INSYNC_REPLICAS": "2",
            "MENTORING_ENVIRONMENT": "test",
            "MENTORING_LOG_FORMAT": "json",
            "MENTORING_LOG_LEVEL": "WARNING",
            "MENTORING_API_KEYS": key_settings().api_keys or "",
            "MENTORING_DUCKDB": str(self.log.with_name("read.duckdb")),
            **({"KAFKA_WRITE_TIMEOUT": f"{self.write_timeout:g}"} if self.write_timeout else {}),
        }

    @property
    def arguments(self) -> list[str]:
        """serve's command-line options."""
        return ["--port", str(self.port), "--no-schedule"]

    @property
    def command(self) -> list[str]:
        """The command that starts the server."""
        return [sys.executable, "-m", "gateways.entrypoints.cli", "serve", *self.arguments]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, within: float = 90.0) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited {self.process.returncode}: {self.tail()}")
            with suppress(httpx.HTTPError):
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"serve was not ready within {within:g}s: {self.tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart_if_not_ready(self) -> str:
        """Restart serve when /readyz says it is not ready (a fenced writer never writes
        again); the reason, or "" when it was ready."""
        try:
            answer = httpx.get(self.url + "/readyz", timeout=10)
        except httpx.HTTPError as error:
            reason = type(error).__name__
        else:
            if answer.status_code == 200:
                return ""
            failed = [c for c in answer.json().get("checks", []) if not c.get("ok")]
            reason = "; ".join(str(c.get("detail") or c.get("name")) for c in failed)[:120]
        self.stop()
        self.start()
        return reason or "not ready"

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def audit_verify(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "gateways.entrypoints.cli", "audit", "verify"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


# -- the load ------------------------------------------------------------------------------------


def mentorships(api: Api, clients: int) -> list[tuple[str, str]]:
    """One mentorship per client: (mentorship id, the mentee who files its memos)."""
    program_id = launch_program(api)
    pairs = []
    for n in range(clients):
        mentor, mentee = f"M{n}", f"N{n}"
        hire(api, mentor)
        hire(api, mentee)
        volunteer(api, program_id, mentor)
        enrol(api, program_id, mentee)
        body = {
            "topic": "negotiation",
            "choices": [mentor],
            "reason": "learn",
            "respond_by": "2024-02-29",
            "effective_date": "2024-02-05",
        }
        request_id = api.ok(
            "POST", f"/programs/{program_id}/requests", Role.PORTAL, employee=mentee, body=body
        )["request_id"]
        accepted = api.ok(
            "POST",
            f"/requests/{request_id}/accept",
            Role.PORTAL,
            employee=mentor,
            body={"effective_date": "2024-02-06"},
        )
        pairs.append((accepted["mentorship_id"], mentee))
    return pairs


def answer_label(response: httpx.Response) -> str:
    """The status, and for a 409 whether it was a key in use (retried) or a refusal."""
    if response.status_code != 409:
        return str(response.status_code)
    return "409 in use" if KEY_IN_USE in response.text else "409 refused"


def retried(response: httpx.Response) -> bool:
    """503 (store unavailable, outcome unknown, overloaded), or 409 for a key in use; other
    answers (a business rule's 409, a 4xx) are final."""
    if response.status_code == 503:
        return True
    return response.status_code == 409 and KEY_IN_USE in response.text


@dataclass
class Outcome:
    """What the clients saw of one command."""

    key: str
    sent_at: float
    acked_at: float | None = None
    attempts: list[str] = field(default_factory=list)  # "201", "503", "timeout", "conn", ...


@dataclass
class Load:
    """Client threads filing memos at a steady total rate, each retrying with its key."""

    url: str
    pairs: list[tuple[str, str]]
    rate: float
    label: str
    give_up: float = 30.0
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run_client(self, slot: int) -> None:
        mentorship_id, mentee = self.pairs[slot]
        interval = len(self.pairs) / self.rate
        headers = {"X-API-Key": KEYS[Role.PORTAL], "X-Acting-Employee": mentee}
        path = f"/mentorships/{mentorship_id}/memos"
        next_at = time.monotonic() + slot * interval / len(self.pairs)
        with httpx.Client(base_url=self.url, timeout=30) as client:
            sequence = 0
            while not self._stop.is_set():
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at = max(next_at + interval, time.monotonic() - interval)
                key = f"{self.label}-{slot}-{sequence}"
                sequence += 1
                outcome = Outcome(key, time.monotonic())
                with self._lock:
                    self.outcomes.append(outcome)
                body = {"skills": ["negotiation"], "text": key, "effective_date": MEMO_DATE}
                self.send(client, path, dict(headers, **{"Idempotency-Key": key}), body, outcome)

    def send(
        self,
        client: httpx.Client,
        path: str,
        headers: dict[str, str],
        body: dict,
        outcome: Outcome,
    ) -> None:
        """Send until acknowledged, refused for good, or --give-up seconds have passed."""
        while time.monotonic() - outcome.sent_at < self.give_up:
            delay = 0.2
            try:
                response = client.post(path, json=body, headers=headers)
            except httpx.TimeoutException:
                outcome.attempts.append("timeout")
            except httpx.TransportError:
                outcome.attempts.append("conn")
            else:
                outcome.attempts.append(answer_label(response))
                if response.status_code < 300:
                    outcome.acked_at = time.monotonic()
                    return
                if not retried(response):
                    return
                with suppress(ValueError):
                    delay = min(1.0, float(response.headers.get("Retry-After", delay)))
            time.sleep(delay)

    @contextmanager
    def running(self) -> Iterator[Load]:
        threads = [
            threading.Thread(target=self.run_client, args=(slot,), daemon=True)
            for slot in range(len(self.pairs))
        ]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            for thread in threads:
                thread.join()


# -- trials ----------------------------------------------------------------------------------------


@dataclass
class Trial:
    kind: str
    number: int
    note: str
    outcomes: list[Outcome]
    recovered_s: float
    causes: collections.Counter = field(default_factory=collections.Counter)
    restarted: str = ""  # why serve was restarted after the trial, if it was
    stopped_at: float = 0.0  # time.monotonic() when the clients were told to stop

    @property
    def acked(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.acked_at is not None]

    def errors(self) -> collections.Counter:
        return collections.Counter(
            attempt for o in self.outcomes for attempt in o.attempts if not attempt.startswith("2")
        )

    @property
    def retries(self) -> int:
        return sum(len(o.attempts) - 1 for o in self.outcomes)

    @property
    def unacknowledged(self) -> int:
        return len(self.outcomes) - len(self.acked)

    def longest_stall_ms(self) -> float:
        """The longest time in the trial in which no client got an acknowledgement (from the
        first send to the clients' stop, so acknowledgements that stop coming count too)."""
        if not self.outcomes:
            return float("nan")
        acks = sorted(o.acked_at for o in self.acked if o.acked_at is not None)
        start = min(o.sent_at for o in self.outcomes)
        times = [start, *acks, max([self.stopped_at, *acks])]
        return max(b - a for a, b in zip(times, times[1:], strict=False)) * 1000

    def latencies_ms(self) -> list[float]:
        return sorted((o.acked_at - o.sent_at) * 1000 for o in self.acked if o.acked_at is not None)


def fault_leader(cluster: Broker, topic: str, prefix: str, settle: float) -> str:
    """kill -9 the events partition's leader, let the load run on, restart it."""
    killed = cluster.sh("kill-leader", topic).stdout.strip()
    node = events_leader_from(killed)
    time.sleep(settle)
    cluster.sh("restart-broker", str(node), timeout=180)
    return f"node {node}"


def events_leader_from(said: str) -> int:
    """The node number in broker.sh's "killed node N (pid ...)"."""
    return int(said.split("killed node ", 1)[1].split()[0])


def fault_coordinator(cluster: Broker, topic: str, prefix: str, settle: float) -> str:
    """kill -9 the broker coordinating most of serve's transactional ids (the commands' and the
    Idempotency-Key ledger's writers), preferring one that does not lead the events partition,
    and restart it."""
    owners = coordinators(cluster.bootstrap, prefix)  # the commands' and the ledger's writers
    leader = events_leader(cluster.bootstrap, topic)
    counts = collections.Counter(owners.values())
    others = [node for node in counts if node != leader]
    node = max(others or counts, key=lambda n: counts[n])
    kill_node(cluster, node)
    time.sleep(settle)
    cluster.sh("restart-broker", str(node), timeout=180)
    both = " (also the events leader)" if node == leader else ""
    return f"node {node}, {counts[node]}/{len(owners)} txn ids{both}"


def fault_rolling(cluster: Broker, topic: str, prefix: str, settle: float) -> str:
    """Restart every node in turn, each once the cluster is fully in sync again."""
    for node in range(1, cluster.nodes + 1):
        cluster.sh("restart-broker", str(node), timeout=180)
        wait_in_sync(cluster)
    return "nodes 1, 2, 3"


FAULTS: dict[str, Callable[[Broker, str, str, float], str]] = {
    "leader": fault_leader,
    "coordinator": fault_coordinator,
    "rolling": fault_rolling,
}


def run_trial(
    kind: str,
    number: int,
    cluster: Broker,
    server: Server,
    pairs: list[tuple[str, str]],
    args: argparse.Namespace,
) -> Trial:
    """One trial: load, the fault, recovery (every partition in sync), a little more load."""
    topic = f"{server.prefix}.{APP}.events"
    load = Load(
        server.url, pairs, args.rate, f"{kind}{number}-{uuid.uuid4().hex[:6]}", give_up=args.give_up
    )
    wall = time.time()
    with load.running():
        time.sleep(args.warmup)
        began = time.monotonic()
        note = FAULTS[kind](cluster, topic, server.prefix, args.settle)
        wait_in_sync(cluster)
        recovered = time.monotonic() - began
        time.sleep(args.tail)
        stopped = time.monotonic()
    trial = Trial(kind, number, note, load.outcomes, recovered, stopped_at=stopped)
    trial.causes = server_causes(server.log, wall, time.time() + 1)
    trial.restarted = server.restart_if_not_ready()
    return trial


# -- checking the log ------------------------------------------------------------------------------


def memo_counts(url: str, pairs: list[tuple[str, str]]) -> collections.Counter:
    """How often each memo text is in the mentorships, as the API reads them from the log
    (the mentee's private record: every MemoFiled event of the aggregate)."""
    counts: collections.Counter = collections.Counter()
    with httpx.Client(base_url=url, timeout=30) as client:
        for mentorship_id, mentee in pairs:
            headers = {"X-API-Key": KEYS[Role.PORTAL], "X-Acting-Employee": mentee}
            for _ in range(30):
                response = client.get(f"/mentorships/{mentorship_id}/private", headers=headers)
                if response.status_code != 503:
                    break
                time.sleep(1)
            response.raise_for_status()
            counts.update(memo["text"] for memo in response.json()["memos"])
    return counts


@dataclass
class LogCheck:
    memo_counts: collections.Counter
    audit: str
    audit_ok: bool


def check_log(server: Server, pairs: list[tuple[str, str]]) -> LogCheck:
    """The memos as the (restarted, so re-read) server reads them, then, with the server
    stopped, `mentoring audit verify`: notification ids dense and the hash chain intact."""
    server.stop()
    server.start()
    counts = memo_counts(server.url, pairs)
    server.stop()
    audit = server.audit_verify()
    said = (audit.stdout + audit.stderr).strip().splitlines()
    return LogCheck(counts, said[-1] if said else "", audit.returncode == 0)


def server_causes(log: Path, began: float, ended: float) -> collections.Counter:
    """The errors serve logged between two instants (time.time()), by type and application
    (mentoring: the commands' writer; HttpIdempotency: the Idempotency-Key ledger's)."""
    causes: collections.Counter = collections.Counter()
    for line in log.read_text(errors="replace").splitlines():
        if '"error_type"' not in line:
            continue
        with suppress(ValueError, KeyError):
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00")).timestamp()
            if began <= at <= ended:
                text = entry.get("exception", "") + entry.get("error", "")
                app = next((a for a in ("HttpIdempotency", APP) if f".{a}.writer" in text), "")
                causes[f"{entry['error_type']}{' ' + app if app else ''}"] += 1
    return causes


# -- report ----------------------------------------------------------------------------------------


def effects(trial: Trial, memos: collections.Counter) -> tuple[int, int, int]:
    """(acknowledged but absent, written twice or more, written without an acknowledgement)."""
    lost = sum(1 for o in trial.acked if memos[o.key] == 0)
    doubled = sum(1 for o in trial.outcomes if memos[o.key] > 1)
    unacked_written = sum(1 for o in trial.outcomes if o.acked_at is None and memos[o.key] == 1)
    return lost, doubled, unacked_written


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[q - 1]


def row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def report(trials: list[Trial], log: LogCheck, args: argparse.Namespace, topics: str) -> None:
    """One Markdown table, a row per trial; then the causes serve logged, and the log check."""
    print(
        f"\n{args.clients} clients, {args.rate:g} memos/s in total, each retried with its "
        f"Idempotency-Key (503, 409 in use, timeout, lost connection) for up to "
        f"{args.give_up:g}s; a killed node stays down {args.settle:g}s; KAFKA_WRITE_TIMEOUT "
        f"{args.write_timeout or 'default'}; {topics}\n"
    )
    print(
        row(
            [
                "trial",
                "fault",
                "acked",
                "unacked",
                "error answers",
                "retries",
                "stall ms",
                "max ms",
                "p50 ms",
                "p99 ms",
                "in sync after s",
                "lost",
                "dup",
            ]
        )
    )
    print(row(["---", "---", "---:", "---:", "---"] + ["---:"] * 8))
    for trial in trials:
        latencies = trial.latencies_ms()
        lost, doubled, _ = effects(trial, log.memo_counts)
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(trial.errors().items())) or "0"
        print(
            row(
                [
                    f"{trial.kind} {trial.number}",
                    trial.note,
                    len(trial.acked),
                    trial.unacknowledged,
                    errors,
                    trial.retries,
                    f"{trial.longest_stall_ms():.0f}",
                    f"{max(latencies, default=float('nan')):.0f}",
                    f"{percentile(latencies, 50):.0f}",
                    f"{percentile(latencies, 99):.0f}",
                    f"{trial.recovered_s:.1f}",
                    lost,
                    doubled,
                ]
            )
        )
    print()
    for trial in trials:
        if trial.causes or trial.restarted:
            causes = ", ".join(f"{k}: {v}" for k, v in trial.causes.most_common())
            restarted = f"; serve restarted ({trial.restarted})" if trial.restarted else ""
            print(f"{trial.kind} {trial.number}: serve logged {causes or 'nothing'}{restarted}")
    acked = sum(len(t.acked) for t in trials)
    extra = sum(effects(t, log.memo_counts)[2] for t in trials)
    doubled = sum(1 for count in log.memo_counts.values() if count > 1)
    print(
        f"\n{acked} acknowledged memos; {sum(log.memo_counts.values())} memos in the log; "
        f"{extra} written without an acknowledgement (given up); texts in the log more than "
        f"once: {doubled}"
    )
    print(f"mentoring audit verify: {'ok' if log.audit_ok else 'FAILED'}: {log.audit}")
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


def durability_note(cluster: Broker, prefix: str) -> str:
    """What the store created: replicas and min.insync.replicas of serve's two events topics."""
    return ", ".join(
        f"{name}: {replicas} replicas, min.insync.replicas {isr}"
        for name in (f"{prefix}.{APP}.events", f"{prefix}.HttpIdempotency.events")
        for replicas, isr in [topic_durability(cluster.bootstrap, name)]
    )


def progress(trial: Trial) -> None:
    """One line on stderr as each trial ends."""
    print(
        f"  {trial.kind} {trial.number}: {trial.note}; {len(trial.acked)} acked, "
        f"errors {dict(trial.errors())}, stall {trial.longest_stall_ms():.0f} ms, "
        f"serve logged {dict(trial.causes)}"
        + (f", restarted: {trial.restarted}" if trial.restarted else ""),
        file=sys.stderr,
    )


def parse_args() -> argparse.Namespace:
    """The options; ``kinds`` is the list of trials asked for."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--trials", default="leader,coordinator,rolling")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rate", type=float, default=20.0, help="memos per second, all clients")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before a fault")
    parser.add_argument(
        "--settle", type=float, default=8.0, help="seconds a killed node stays down"
    )
    parser.add_argument("--tail", type=float, default=2.0, help="seconds of load after recovery")
    parser.add_argument("--give-up", type=float, default=30.0, help="seconds a client retries")
    parser.add_argument(
        "--write-timeout",
        type=float,
        default=None,
        help="KAFKA_WRITE_TIMEOUT of serve's writers (default: the store's)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the cluster's directory")
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.trials.split(",") if kind.strip()]
    unknown = set(kinds) - set(FAULTS)
    if unknown:
        parser.error(f"unknown trials {sorted(unknown)}; choose from {sorted(FAULTS)}")
    args.kinds = kinds
    return args


def run_bench(args: argparse.Namespace) -> None:
    """Cluster, serve, the trials, the log check, the report; everything stopped afterwards."""
    kinds = args.kinds
    work = Path(tempfile.mkdtemp(prefix="failover-bench-"))
    cluster = Broker(
        run=work / "cluster", port=free_base_port(3), options=["--brokers", "3"], nodes=3
    )
    server = Server(cluster.bootstrap, f"mentoring-fo{uuid.uuid4().hex[:6]}", work / "serve.log")
    server.write_timeout = args.write_timeout
    print(f"cluster {cluster.bootstrap} in {cluster.run}; serve log {server.log}", file=sys.stderr)
    trials: list[Trial] = []
    try:
        began = time.monotonic()
        cluster.sh("start", timeout=300)
        print(f"cluster up in {time.monotonic() - began:.0f}s", file=sys.stderr)
        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            pairs = mentorships(Api(client), args.clients)  # type: ignore[arg-type]
        wait_in_sync(cluster)
        topics = durability_note(cluster, server.prefix)
        print(topics, file=sys.stderr)
        try:
            for number in range(1, args.repetitions + 1):
                for kind in kinds:
                    trials.append(run_trial(kind, number, cluster, server, pairs, args))
                    progress(trials[-1])
        except (
            KeyboardInterrupt,
            RuntimeError,
            subprocess.SubprocessError,
            AssertionError,
        ) as error:
            # report what was measured (Ctrl-C stops early); the log is checked all the same
            print(
                f"stopped after {len(trials)} trials: {type(error).__name__}: {error}",
                file=sys.stderr,
            )
        report(trials, check_log(server, pairs), args, topics)
    finally:
        server.stop()
        cluster.teardown()
        if not args.keep:
            subprocess.run(["rm", "-rf", str(cluster.run)], check=False)


def main() -> None:
    run_bench(parse_args())


if __name__ == "__main__":
    main()
