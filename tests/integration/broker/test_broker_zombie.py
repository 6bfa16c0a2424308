"""`broker.sh start` right after a kill -9: the dead (zombie) JVM must not count as running."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(90)]


def _state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None  # gone: reaped
    return stat.rsplit(")", 1)[1].split()[0]


def test_start_right_after_kill_9_starts_the_broker(make_broker) -> None:
    broker = make_broker()
    broker.sh("start", timeout=60)
    old = broker.pid()

    os.kill(old, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _state(old) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    # (here the JVM is a zombie: its parent, broker.sh, exited and nobody reaps it; kill -0 on it
    # still succeeds, which is why a kill -0 liveness check said "already running")

    assert broker.sh("status", check=False).returncode == 3
    started = broker.sh("start", timeout=75)
    assert "already running" not in started.stdout
    new = broker.pid()
    assert new != old
    assert _state(new) not in (None, "Z")
    assert broker.sh("status").stdout.startswith(f"broker: running (pid {new})")

    broker.sh("stop", timeout=60)
    assert broker.sh("status", check=False).returncode == 3
