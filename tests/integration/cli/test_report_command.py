"""`mentoring report`: tables from the snapshot (or the DuckDB file), JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.cli.conftest import invoke

YEAR = ("--start", "2024-01-01", "--end", "2024-12-31")


def test_retention_prints_the_in_and_out_table(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "report", "retention", *YEAR)
    assert code == 0
    assert "Retention 2024-01-01 – 2024-12-31" in out
    assert "all: in " in out and "83.3%" in out


def test_a_report_names_the_snapshot_and_its_freshness(projected: dict[str, str]) -> None:
    _, _, err = invoke(projected, "report", "retention", *YEAR)
    assert "up to notification 96" in err


def test_json_prints_the_result_dict(projected: dict[str, str]) -> None:
    _, out, _ = invoke(projected, "report", "retention", *YEAR, "--json")
    report = json.loads(out)
    assert (report["measure"], report["rows"][0]["participants"]["headcount"]) == ("retention", 6)


def test_a_suppressed_cell_says_so(projected: dict[str, str]) -> None:
    _, out, _ = invoke(projected, "report", "promotion", *YEAR, "--role", "mentee")
    assert "suppressed" in out


@pytest.mark.parametrize("report, args", [
    ("survival", ("--start", "2023-01-01", "--end", "2024-12-31")),
    ("funnel", YEAR),
    ("momentum", ("--today", "2024-06-20")),
    ("equity", ("--day", "2024-06-20", "--attribute", "department")),
    ("skills", YEAR),
])
def test_every_report_prints_a_table(projected: dict[str, str], report: str,
                                     args: tuple[str, ...]) -> None:
    code, out, _ = invoke(projected, "report", report, *args)
    assert (code, "┃" in out) == (0, True)


def test_a_malformed_date_is_one_line_and_exit_2(projected: dict[str, str]) -> None:
    code, out, err = invoke(projected, "report", "retention", "--start", "2024-13-01",
                            "--end", "2024-12-31")
    assert (code, out, err) == (2, "", "error: --start: '2024-13-01' is not a date (YYYY-MM-DD)\n")


def test_a_window_ending_before_it_starts_is_exit_2(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "report", "retention", "--start", "2024-12-31",
                          "--end", "2024-01-01")
    assert (code, len(err.splitlines())) == (2, 1)


def test_an_unknown_grouping_is_exit_2(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "report", "retention", *YEAR, "--group-by", "shoe_size")
    assert (code, err.startswith("error: --group-by")) == (2, True)


def test_a_malformed_program_id_is_exit_2(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "report", "funnel", *YEAR, "--program", "Grow")
    assert (code, len(err.splitlines())) == (2, 1)


def test_before_any_projection_the_report_says_to_run_project(env: dict[str, str]) -> None:
    code, _, err = invoke(env, "report", "retention", *YEAR)
    assert (code, "run `mentoring project`" in err) == (1, True)


def test_without_a_snapshot_the_report_reads_the_duckdb_file(projected: dict[str, str]) -> None:
    Path(projected["MENTORING_DUCKDB"]).with_name("analytics.snapshot.duckdb").unlink()
    code, out, err = invoke(projected, "report", "retention", *YEAR)
    assert (code, "83.3%" in out, "the projector's file" in err) == (0, True, True)


@pytest.fixture
def locked(projected: dict[str, str]) -> Iterator[dict[str, str]]:
    """Another process holds the DuckDB file for writing, and no snapshot is published."""
    duckdb_file = Path(projected["MENTORING_DUCKDB"])
    duckdb_file.with_name("analytics.snapshot.duckdb").unlink()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('locked', flush=True); sys.stdin.read()", str(duckdb_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield projected
    holder.communicate("")


def test_a_file_locked_by_a_projector_is_one_line_saying_so(locked: dict[str, str]) -> None:
    code, _, err = invoke(locked, "report", "retention", *YEAR)
    assert (code, len(err.splitlines()), "locked by a running projector" in err) == (1, 1, True)
