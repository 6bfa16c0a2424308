"""`mentoring hris-publish FILE.jsonl` puts each line on the HRIS topic, keyed by employee."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line
from tests.integration.hris.processes import ROOT


def test_hris_publish_puts_each_line_on_the_topic_keyed_by_employee_id(
    hris: Hris, tmp_path: Path, read_topic: Callable[..., list[Any]]
) -> None:
    lines = [line("hired", "E1", "h1", "2024-01-02"), b"not json"]
    file = tmp_path / "feed.jsonl"
    file.write_bytes(b"\n".join(lines) + b"\n")
    result = subprocess.run(
        [sys.executable, "-m", "gateways.entrypoints.cli", "hris-publish", str(file)],
        cwd=ROOT, env={**os.environ, **hris.env}, capture_output=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert [(r.key, r.value) for r in read_topic(hris.topic, count=2)] == [
        (b"E1", lines[0]),
        (None, b"not json"),
    ]
