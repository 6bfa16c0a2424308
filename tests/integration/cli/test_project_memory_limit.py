"""`mentoring project` bounds its DuckDB's memory by MENTORING_DUCKDB_MEMORY_LIMIT (catch-up and
rebuild alike), and refuses a limit DuckDB cannot read in one line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from projections import runner
from projections.view import DuckDBView
from tests.integration.cli.conftest import invoke


def limit_as_duckdb_reads_it(limit: str) -> str:
    """What ``current_setting('memory_limit')`` answers for ``limit`` (e.g. 286.1 MiB)."""
    connection = duckdb.connect(":memory:", config={"memory_limit": limit})
    try:
        return str(connection.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    finally:
        connection.close()


@pytest.fixture
def limits_seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The memory limit of each DuckDB the projector opened, read just before it is closed."""
    seen: list[str] = []

    class Watched(DuckDBView):
        def close(self) -> None:
            with self.locked() as connection:
                rows = connection.execute("SELECT current_setting('memory_limit')").fetchall()
            seen.append(str(rows[0][0]))
            super().close()

    monkeypatch.setattr(runner, "DuckDBView", Watched)
    return seen


def test_the_projector_s_duckdb_has_the_configured_memory_limit(
    env: dict[str, str], limits_seen: list[str]
) -> None:
    code, _, _ = invoke({**env, "MENTORING_DUCKDB_MEMORY_LIMIT": "300MB"}, "project")
    assert code == 0
    assert limits_seen == [limit_as_duckdb_reads_it("300MB")]


def test_the_rebuild_s_duckdb_has_the_configured_memory_limit_too(
    env: dict[str, str], limits_seen: list[str]
) -> None:
    code, _, err = invoke({**env, "MENTORING_DUCKDB_MEMORY_LIMIT": "200MB"}, "project", "--rebuild")
    assert (code, "rebuilt" in err) == (0, True)
    assert limits_seen == [limit_as_duckdb_reads_it("200MB")] * 2  # the rebuild, then catch-up


def test_the_default_limit_is_512mb_not_duckdb_s_share_of_the_ram(
    env: dict[str, str], limits_seen: list[str]
) -> None:
    invoke(env, "project")
    assert limits_seen == [limit_as_duckdb_reads_it("512MB")]


def test_a_memory_limit_duckdb_cannot_read_is_refused_in_one_line(env: dict[str, str]) -> None:
    code, _, err = invoke({**env, "MENTORING_DUCKDB_MEMORY_LIMIT": "lots"}, "project")
    assert code == 2
    assert err.strip().count("\n") == 0
    assert err.startswith("error: MENTORING_DUCKDB_MEMORY_LIMIT: not a DuckDB memory limit")
    assert not Path(env["MENTORING_DUCKDB"]).exists()
