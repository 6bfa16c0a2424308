"""Where `mentoring project` publishes, and `report`/`sql` and the API read, the snapshot."""

from __future__ import annotations

from pathlib import Path

from gateways.settings import Settings


def test_the_snapshot_sits_beside_the_duckdb_file_by_default() -> None:
    settings = Settings(duckdb=Path("var/x/analytics.duckdb"))
    assert settings.analyst_snapshot_path == Path("var/x/analytics.snapshot.duckdb")


def test_mentoring_analyst_snapshot_names_another_place() -> None:
    settings = Settings(analyst_snapshot=Path("/srv/snap.duckdb"))
    assert settings.analyst_snapshot_path == Path("/srv/snap.duckdb")


def test_an_empty_mentoring_analyst_snapshot_means_the_default() -> None:
    settings = Settings(duckdb=Path("a.duckdb"), analyst_snapshot="")  # type: ignore[arg-type]
    assert settings.analyst_snapshot_path == Path("a.snapshot.duckdb")
