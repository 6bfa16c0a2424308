"""Opening the read side for analytics: a snapshot (or file), read-only, with its freshness.

Shared by the CLI and HTTP gateways; the composition root (gateways.bootstrap) picks the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from projections.analyst_sql import open_read_only, read_freshness
from projections.analytics import Analytics
from projections.snapshot import Freshness, resolve_snapshot


class ReadSideUnavailable(RuntimeError):
    """Nothing to read analytics from yet, or the read side is locked by a running projector."""


@dataclass
class AnalyticsSession:
    """Analytics over one read-only connection, with how fresh its data is."""

    analytics: Analytics
    freshness: Freshness | None
    source: Path
    published: Path  # the published snapshot name (analysts' own SQL reads its private-free copy)

    def close(self) -> None:
        """Close the connection."""
        self.analytics.close()


def open_snapshot_analytics(snapshot: Path) -> AnalyticsSession:
    """Analytics over the published snapshot (resolved once, so freshness matches the data)."""
    if not snapshot.exists():
        raise ReadSideUnavailable(
            f"no analyst snapshot at {snapshot} yet: run `mentoring project` to publish one"
        )
    version = resolve_snapshot(snapshot)
    connection = open_read_only(version)
    return AnalyticsSession(Analytics(connection), read_freshness(connection), version, snapshot)
