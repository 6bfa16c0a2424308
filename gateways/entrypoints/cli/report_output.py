"""What `mentoring report` prints besides tables: where the data comes from, and JSON."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from gateways.read_side import AnalyticsSession
from projections.queries.base import RowsResult


def describe_source(session: AnalyticsSession) -> str:
    """One line: which file answered, and up to which notification its data goes."""
    fresh = session.freshness
    if fresh is None:
        return f"data: {session.source} (the projector's file, read-only)"
    return (
        f"data: snapshot {session.source}, up to notification {fresh.notification_id}, "
        f"published {fresh.published_at.isoformat()}Z"
    )


def to_data(result: object) -> Any:
    """A result as plain data: a table (RowsResult) as the list of its rows, else its fields."""
    if isinstance(result, RowsResult):
        return [dataclasses.asdict(row) for row in result.rows]
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return result


def as_json(result: object) -> str:
    """The result as indented JSON (dates ISO, UUIDs as strings)."""
    return json.dumps(to_data(result), indent=2, default=str, ensure_ascii=False)
