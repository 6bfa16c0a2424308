"""Running `mentoring ingest-hris --until-caught-up` as a real process, and killing it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUN_TIMEOUT = 60.0


def run_ingest(env: dict[str, str], kill_after_records: int | None = None) -> int:
    """Run the ingestion; SIGKILL it once it has logged ``kill_after_records`` handled records.

    Returns the exit code (0: caught up; 137 or -9: crashed or killed).
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "gateways.entrypoints.cli", "ingest-hris", "--until-caught-up"],
        cwd=ROOT,
        env={**os.environ, **env, "MENTORING_LOG_LEVEL": "INFO", "MENTORING_LOG_FORMAT": "json"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    watchdog = threading.Timer(RUN_TIMEOUT, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        handled = 0
        for line in process.stderr:
            if b"hris_record_handled" in line:
                handled += 1
                if kill_after_records is not None and handled >= kill_after_records:
                    process.send_signal(signal.SIGKILL)
                    break
        process.stderr.read()
        return process.wait()
    finally:
        watchdog.cancel()
