"""How far the read side has got: the position in the projector's published snapshot.

The projector publishes a snapshot when idle, so a busy (catching up) projector shows as lag,
and an idle one at most one publishing interval behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from projections.analyst_sql import AnalystSQL

POSITION = "SELECT max(notification_id) FROM snapshot_freshness"


def snapshot_position(snapshot: Path) -> Callable[[], int | None]:
    """A probe reading the last notification id projected into the published snapshot."""

    def position() -> int | None:
        rows = AnalystSQL(snapshot, max_rows=1).run(POSITION).rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    return position
