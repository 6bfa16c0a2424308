"""``mentoring log import``: an export file into an empty store, whose own chain then verifies.

The file is read twice: first to check it is complete and its chain (the source store's) holds,
before anything is written; then to insert its events in order through the target recorder's
``insert_events``, so the target store numbers and chains them itself. Each event must land at
the notification id it had in the source. Finally the target's chain is verified end to end.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import ProcessRecorder, Tracking

from gateways.audit.logic.verdict import ChainVerdict
from gateways.audit.verify import verify_store
from gateways.log_transfer.chain import ChainWalk
from gateways.log_transfer.export import store_kind
from gateways.log_transfer.lines import (
    BadExportFile,
    ExportedEvent,
    ExportedPosition,
    ExportEnd,
    ExportHeader,
    Line,
    parse_line,
)

log = structlog.get_logger(__name__)

BATCH = 500


class TargetNotEmpty(RuntimeError):
    """The target store already holds events: an import only fills an empty store."""


class ImportMismatch(RuntimeError):
    """The target store placed an event elsewhere than the source had it, or did not verify."""


@dataclass(frozen=True)
class FileCheck:
    """An export file that is complete and whose source chain holds."""

    header: ExportHeader
    events: int
    head_hash: str
    positions: tuple[ExportedPosition, ...] = ()


@dataclass(frozen=True)
class ImportSummary:
    """What an import loaded, and the target store's verdict on its own chain."""

    source: FileCheck
    target_store: str
    verdict: ChainVerdict


def read_lines(path: Path) -> Iterator[Line]:
    """The parsed lines of an export file (blank lines skipped)."""
    with path.open("r", encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if text.strip():
                yield parse_line(text, number)


def check_file(path: Path) -> FileCheck:
    """Check the file: header first, then a chain of events, then a matching end line."""
    lines = read_lines(path)
    header = next(lines, None)
    if not isinstance(header, ExportHeader):
        raise BadExportFile("line 1: not the header of a mentoring log export")
    walk = ChainWalk(header.store)
    end: ExportEnd | None = None
    positions: list[ExportedPosition] = []
    for line in lines:
        if end is not None:
            raise BadExportFile("lines follow the end line")
        if isinstance(line, ExportedEvent):
            if positions:
                raise BadExportFile(f"event {line.notification_id} follows the positions")
            walk.check(line)
        elif isinstance(line, ExportedPosition):
            positions.append(line)
        elif isinstance(line, ExportEnd):
            end = line
        else:
            raise BadExportFile("a second header line")
    if end is None:
        raise BadExportFile(f"no end line after event {walk.events}: the file is truncated")
    if (end.events, end.head_hash, end.positions) != (walk.events, walk.head, len(positions)):
        raise BadExportFile(
            f"the end line says {end.events} events ending on {end.head_hash} and"
            f" {end.positions} positions, the file holds {walk.events} ending on {walk.head}"
            f" and {len(positions)} positions"
        )
    return FileCheck(header, walk.events, walk.head, tuple(positions))


def import_log(app: Application[Any], path: Path) -> ImportSummary:
    """Load a checked export file into ``app``'s empty store and verify the store's chain."""
    target = store_kind(app)
    source = check_file(path)
    held = app.recorder.max_notification_id() or 0
    if held or _has_positions(app, source.positions):
        raise TargetNotEmpty(
            f"the target {target} store holds {held} events, or positions of the file's"
            " consumers: import only into an empty store"
        )
    batch: list[ExportedEvent] = []
    for line in read_lines(path):
        if isinstance(line, ExportedEvent):
            batch.append(line)
            if len(batch) >= BATCH:
                _insert(app, batch)
                batch = []
    if batch:
        _insert(app, batch)
    _record_positions(app, source.positions)
    verdict = verify_store(app)
    if not verdict.ok or verdict.events_verified != source.events:
        why = verdict.altered.describe() if verdict.altered else "the counts differ"
        raise ImportMismatch(
            f"the target store verifies {verdict.events_verified} events after the import of"
            f" {source.events}: {why}"
        )
    log.info("log_imported", source=source.header.store, target=target, events=source.events)
    return ImportSummary(source, target, verdict)


def _has_positions(app: Application[Any], positions: Sequence[ExportedPosition]) -> bool:
    recorder = app.recorder
    if not isinstance(recorder, ProcessRecorder):
        return False
    return any(recorder.max_tracking_id(p.application_name) for p in positions)


def _record_positions(app: Application[Any], positions: Sequence[ExportedPosition]) -> None:
    """Record the consumers' positions (after the events they led to)."""
    if not positions:
        return
    recorder = app.recorder
    if not isinstance(recorder, ProcessRecorder):
        raise ImportMismatch(
            f"the file holds {len(positions)} consumer positions, but the target records no"
            " positions: import through a process recorder (the CLI does)"
        )
    for position in positions:
        tracking = Tracking(position.application_name, position.notification_id)
        recorder.insert_events([], tracking=tracking)


def _insert(app: Application[Any], batch: list[ExportedEvent]) -> None:
    ids = app.recorder.insert_events([event.stored_event() for event in batch])
    wanted = [event.notification_id for event in batch]
    if ids is not None and list(ids) != wanted:
        raise ImportMismatch(
            f"events {wanted[0]}..{wanted[-1]} were stored as {ids[0]}..{ids[-1]}: the target"
            " was written to during the import"
        )
