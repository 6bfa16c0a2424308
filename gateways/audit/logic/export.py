"""Writing audit answers for people (one line per event) and for machines (JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from gateways.audit.logic.entries import HistoryEntry


def json_lines(objects: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Each object as one line of compact, key-sorted JSON, newline-terminated."""
    for obj in objects:
        yield json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def entry_line(entry: HistoryEntry) -> str:
    """One readable line: notification, recorded time, effective date, actor, event, fields."""
    fields = " ".join(f"{name}={json.dumps(value)}" for name, value in entry.data.items()
                      if name != "originator_topic")
    schema = f" (schema v{entry.schema_version})" if entry.schema_version > 1 else ""
    return (
        f"#{entry.notification_id} {entry.recorded_at} effective {entry.effective_date}"
        f" by {entry.actor}: {entry.event_type}{schema} of {entry.aggregate_id}"
        f" v{entry.version} {fields}"
    ).rstrip() + "\n"


def write_history(entries: Iterable[HistoryEntry], out: TextIO, *, jsonl: bool) -> int:
    """Write the entries as JSON Lines or readable lines; returns how many were written."""
    count = 0
    for entry in entries:
        if jsonl:
            out.writelines(json_lines([entry.to_json()]))
        else:
            out.write(entry_line(entry))
            if entry.raw is not None:
                out.write("    recorded as: " + json.dumps(entry.raw, sort_keys=True) + "\n")
        count += 1
    return count
