"""Two snapshots of a 1,000-person company imported for real, on SQLite and through Kafka."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gateways.entrypoints.hris_import.diff import KnownEmployee, plan_import
from gateways.entrypoints.hris_import.known import known_employees
from gateways.entrypoints.hris_import.mapping import DEFAULT_MAPPING
from gateways.entrypoints.hris_import.rows import read_snapshot
from tests.integration.hris.conftest import Hris
from tests.integration.hris_import.conftest import invoke
from tests.unit.hris_import.company import Snapshot, first_snapshot, fold, second_snapshot


def import_snapshot(hris: Hris, snapshot: Snapshot, path: Path) -> tuple[int, str, str]:
    """Run `hris-import`; on Kafka, then ingest what it published."""
    path.write_text(snapshot.text, encoding="utf-8")
    result = invoke(hris.env, "hris-import", str(path), "--as-of", snapshot.as_of.isoformat())
    if hris.env["MENTORING_STORE"].startswith("kafka"):
        hris.ingest()
    return result


def modelled(*snapshots: Snapshot) -> dict[str, KnownEmployee]:
    """The employees as the pure diff and a fold of its messages say they should be."""
    known: dict[str, KnownEmployee] = {}
    for snapshot in snapshots:
        rows = read_snapshot(snapshot.text, DEFAULT_MAPPING).rows
        fold(known, plan_import(known, rows, snapshot.as_of).messages)
    return known


def message_counts(snapshot: Snapshot) -> str:
    """How the import's summary line counts the messages the snapshot should produce."""
    kinds = Counter(kind for expected in snapshot.messages.values() for kind, _, _ in expected)
    listed = ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
    return f"{kinds.total()} messages ({listed})"


def sent_all(snapshot: Snapshot) -> tuple[str, str]:
    """How the summary line ends when every expected message was applied or published."""
    total = sum(len(expected) for expected in snapshot.messages.values())
    return f"applied: {total}", f"published: {total}"


def stored(hris: Hris) -> tuple[dict[str, KnownEmployee], int]:
    service = hris.service()
    try:
        return known_employees(service), service.recorder.max_notification_id() or 0
    finally:
        service.close()


def test_two_snapshots_bring_the_store_to_the_second_and_importing_it_again_adds_nothing(
    hris: Hris, tmp_path: Path
) -> None:
    first, second = first_snapshot(), second_snapshot()

    code, out, err = import_snapshot(hris, first, tmp_path / "first.csv")
    assert code == 0, err
    assert message_counts(first) in out and out.rstrip().endswith(sent_all(first))

    code, out, err = import_snapshot(hris, second, tmp_path / "second.csv")
    assert code == 1  # bad rows were reported; the good ones were imported
    assert message_counts(second) in out  # exactly the expected messages, every kind
    assert out.rstrip().endswith(sent_all(second))
    assert "line 1042 (E0800): error: job_level:" in err
    assert "line 1047 (E2000): error: has 4 fields, the header has 12" in err
    assert "notice: (E0700): missing:" in err
    employees, head = stored(hris)
    assert employees == modelled(first, second)

    code, out, err = import_snapshot(hris, second, tmp_path / "second-again.csv")
    assert " 0 messages (none)" in out
    assert stored(hris) == (employees, head)


def test_a_dry_run_prints_the_messages_and_sends_nothing(hris: Hris, tmp_path: Path) -> None:
    path = tmp_path / "first.csv"
    path.write_text(first_snapshot().text, encoding="utf-8")
    code, out, err = invoke(hris.env, "hris-import", str(path), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1020 and lines[0].startswith('{"event_id":"snapshot:E0001:hired:')
    assert stored(hris)[1] == 0


def test_an_unreadable_snapshot_exits_2_naming_the_missing_column(
    hris: Hris, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("employee_id,hire_date\nE1,2024-01-01\n", encoding="utf-8")
    code, _, err = invoke(hris.env, "hris-import", str(path))
    assert code == 2 and "lacks the column(s) department, job_level, location" in err
