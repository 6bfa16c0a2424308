"""A throwaway single-node broker of our own (deploy/kafka/broker.sh on free ports in a temp dir).

Only the broker-loss test uses it: the shared broker must never be stopped by tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
from pathlib import Path

from tests.integration.kafka_store.support import ROOT

SCRIPT = ROOT / "deploy" / "kafka" / "broker.sh"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateBroker:
    """Start, kill -9 and restart a broker whose data lives in ``run_dir``."""

    def __init__(self, run_dir: Path) -> None:
        self.port = free_port()
        self.run_dir = run_dir
        self.env = {
            **os.environ,
            "MENTORING_KAFKA_PORT": str(self.port),
            "MENTORING_KAFKA_CONTROLLER_PORT": str(free_port()),
            "MENTORING_KAFKA_RUN": str(run_dir),
            "MENTORING_KAFKA_HEAP": "384m",
        }

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        subprocess.run([str(SCRIPT), "start"], env=self.env, check=True, capture_output=True)

    def kill(self) -> None:
        """Lose the broker abruptly (SIGKILL), as a crash or a pulled cable would."""
        pid = int((self.run_dir / "broker.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)

    def stop(self) -> None:
        subprocess.run([str(SCRIPT), "stop"], env=self.env, check=False, capture_output=True)
