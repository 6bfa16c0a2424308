"""Progress of a replay, for people watching a terminal (stderr, one line per batch)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projections.catch_up import Progress


def progress_line(progress: Progress) -> str:
    """``replay: 5000/12000 events (41%), 3500 events/s``."""
    head = progress.head or 0
    position = progress.position or 0
    share = f" ({100 * position // head}%)" if head else ""
    return (
        f"replay: {position}/{head} events{share},"
        f" {round(progress.events_per_second)} events/s"
    )


def print_progress(progress: Progress) -> None:
    """Write the progress line to stderr."""
    print(progress_line(progress), file=sys.stderr, flush=True)
