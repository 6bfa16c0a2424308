"""`mentoring project`: catch up, publish a snapshot, rebuild and swap, stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.integration.cli.conftest import invoke

ROOT = Path(__file__).resolve().parents[3]


def test_project_reports_its_progress_on_stderr(env: dict[str, str]) -> None:
    code, _, err = invoke(env, "project", "--batch-size", "40")
    assert code == 0
    assert "projected 96 / 96 (100.0%)" in err


def test_project_publishes_a_snapshot_beside_the_duckdb_file(env: dict[str, str]) -> None:
    invoke(env, "project")
    snapshot = Path(env["MENTORING_DUCKDB"]).with_name("analytics.snapshot.duckdb")
    assert snapshot.is_symlink() and snapshot.exists()


def test_project_publishes_where_snapshot_says(env: dict[str, str], tmp_path: Path) -> None:
    invoke(env, "project", "--snapshot", str(tmp_path / "elsewhere.duckdb"))
    assert (tmp_path / "elsewhere.duckdb").exists()


def test_rebuild_swaps_a_new_file_in(env: dict[str, str]) -> None:
    invoke(env, "project")
    before = os.stat(env["MENTORING_DUCKDB"]).st_ino
    code, _, err = invoke(env, "project", "--rebuild")
    assert (code, "rebuilt" in err) == (0, True)
    assert os.stat(env["MENTORING_DUCKDB"]).st_ino != before


def test_rebuild_leaves_the_same_figures(env: dict[str, str]) -> None:
    invoke(env, "project")
    before = invoke(env, "report", "retention", "--start", "2024-01-01", "--end", "2024-12-31",
                    "--json")[1]
    invoke(env, "project", "--rebuild")
    after = invoke(env, "report", "retention", "--start", "2024-01-01", "--end", "2024-12-31",
                   "--json")[1]
    assert after == before


def test_following_stops_cleanly_on_sigterm(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateways.entrypoints.cli", "project", "--follow"], cwd=ROOT,
        env={**os.environ, **env}, stderr=subprocess.PIPE, text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "caught up" in line:
            break
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
