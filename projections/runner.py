"""The projector process: catch up (and follow) the event log into DuckDB; rebuild from scratch.

    python -m projections.runner --duckdb var/analytics.duckdb [--follow] [--rebuild]
        [--batch-size 5000] [--snapshot var/analytics.snapshot.duckdb]

The store comes from the eventsourcing environment (PERSISTENCE_MODULE, SQLITE_DBNAME, ...),
exactly as the application reads it.
"""

from __future__ import annotations

import argparse
import os
import signal
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from threading import Event

import structlog

from projections.catch_up import CatchUp, Progress, ProgressCallback
from projections.read_side import ReadSideProjection
from projections.snapshot import SnapshotPublisher
from projections.store import open_event_log
from projections.view import DuckDBView

log = structlog.get_logger(__name__)


def run_projector(
    env: Mapping[str, str],
    duckdb_path: Path,
    *,
    batch_size: int = 5000,
    follow: bool = False,
    progress: ProgressCallback | None = None,
    stop: Event | None = None,
    snapshot_path: Path | None = None,
    snapshot_every_seconds: float = 30.0,
    memory_limit: str | None = None,
) -> int:
    """Project every event after the view's position; with `follow`, keep going until `stop`.

    Returns the number of notifications applied. Restart-safe: each batch commits with its
    position, so a killed projector resumes exactly after its last committed batch.
    ``memory_limit`` bounds DuckDB's memory (MENTORING_DUCKDB_MEMORY_LIMIT).
    """
    recorder, mapper = open_event_log(env)
    view = DuckDBView(duckdb_path, memory_limit=memory_limit)
    try:
        publisher = (
            SnapshotPublisher(view, snapshot_path, snapshot_every_seconds)
            if snapshot_path is not None
            else None
        )
        catch_up = CatchUp(recorder, mapper, ReadSideProjection(view), batch_size)
        return catch_up.run(
            follow=follow,
            progress=progress,
            stop=stop,
            on_idle=publisher.maybe_publish if publisher else None,
        )
    finally:
        view.close()


def rebuild(
    env: Mapping[str, str],
    duckdb_path: Path,
    *,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
    memory_limit: str | None = None,
) -> int:
    """Replay the whole log into a new file, then swap it in atomically (os.replace).

    Stop the continuous projector first: DuckDB allows one writer per file.
    """
    fresh = duckdb_path.with_name(duckdb_path.name + ".rebuild")
    for leftover in (fresh, _wal(fresh)):
        leftover.unlink(missing_ok=True)
    applied = run_projector(
        env, fresh, batch_size=batch_size, progress=progress, memory_limit=memory_limit
    )
    _wal(duckdb_path).unlink(missing_ok=True)
    os.replace(fresh, duckdb_path)
    log.info("rebuild_swapped_in", path=str(duckdb_path), events=applied)
    return applied


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def log_progress(progress: Progress) -> None:
    """The default progress report: one structured log line per batch."""
    rate = round(progress.events_per_second)
    log.info("projector_progress", **{**asdict(progress), "events_per_second": rate})


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m projections.runner")
    parser.add_argument("--duckdb", type=Path, required=True)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--follow", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--snapshot", type=Path, default=None)
    parser.add_argument("--memory-limit", default=None, help="DuckDB's, e.g. 512MB")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.rebuild:
        rebuild(
            env, args.duckdb, batch_size=args.batch_size, progress=log_progress,
            memory_limit=args.memory_limit,
        )
        return 0
    stop = Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_projector(
        env, args.duckdb, batch_size=args.batch_size, follow=args.follow,
        progress=log_progress, stop=stop, snapshot_path=args.snapshot,
        memory_limit=args.memory_limit,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
