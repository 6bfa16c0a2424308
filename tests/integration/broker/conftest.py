"""Brokers of their own for the deploy tests: deploy/kafka/broker.sh on free ports and a temporary
run directory, stopped (and killed if need be) when the test or module ends.

The development broker on 9092 that other tests use is never touched: every broker.sh call here
gets MENTORING_KAFKA_RUN and MENTORING_KAFKA_PORT of its own.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BROKER_SH = ROOT / "deploy" / "kafka" / "broker.sh"
def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_base_port(nodes: int = 1, step: int = 10) -> int:
    """A client port P with P + k*step and P + k*step + 1 (controllers) free for k < nodes."""
    for _ in range(200):
        base = random.randrange(20000, 29000, 10)
        ports = [base + k * step + offset for k in range(nodes) for offset in (0, 1)]
        if all(_port_free(p) for p in ports):
            return base
    raise RuntimeError("no free ports for a test broker")


@dataclass
class Broker:
    """One broker.sh deployment (a single node or a cluster) in a run directory of its own."""

    run: Path
    port: int
    options: list[str] = field(default_factory=list)
    nodes: int = 1
    step: int = 10

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORING_KAFKA_")}
        if "MENTORING_KAFKA_CACHE" in os.environ:
            env["MENTORING_KAFKA_CACHE"] = os.environ["MENTORING_KAFKA_CACHE"]
        env.update(
            MENTORING_KAFKA_RUN=str(self.run),
            MENTORING_KAFKA_PORT=str(self.port),
            MENTORING_KAFKA_PORT_STEP=str(self.step),
            MENTORING_KAFKA_HEAP="384m" if self.nodes > 1 else "512m",
            MENTORING_KAFKA_START_TIMEOUT="60",
            PYTHON=sys.executable,
        )
        return env

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{self.port + k * self.step}" for k in range(self.nodes))

    def sh(
        self, *args: str, check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(BROKER_SH), *args, *self.options],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"broker.sh {' '.join(args)} exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    def pidfile(self, node: int = 1) -> Path:
        return (self.run / f"node-{node}" if self.nodes > 1 else self.run) / "broker.pid"

    def pid(self, node: int = 1) -> int:
        return int(self.pidfile(node).read_text().strip())

    def env_file(self, principal: str) -> Path:
        return self.run / f"client-{principal}.env"

    def teardown(self) -> None:
        """Stop what was started; kill -9 whatever a failed stop left behind."""
        try:
            self.sh("stop", check=False, timeout=60)
        finally:
            for node in range(1, self.nodes + 1):
                try:
                    pid = self.pid(node)
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                except (OSError, ValueError):
                    continue
                if str(self.run).encode() in cmdline:
                    os.kill(pid, signal.SIGKILL)


@pytest.fixture
def make_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """make_broker(*options, nodes=1) -> Broker, on free ports; stopped after the test."""
    started: list[Broker] = []

    def make(*options: str, nodes: int = 1) -> Broker:
        broker = Broker(
            run=tmp_path_factory.mktemp("kafka-run"),
            port=free_base_port(nodes),
            options=list(options),
            nodes=nodes,
        )
        started.append(broker)
        return broker

    yield make
    for broker in started:
        broker.teardown()
