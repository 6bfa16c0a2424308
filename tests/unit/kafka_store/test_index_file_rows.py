"""The index file's rows, inserted many to a statement: every row lands, once, where it should."""

from __future__ import annotations

import sqlite3

import pytest

from gateways.stores.kafka.index_file import ROWS_PER_INSERT, Checkpoint, IndexFile, LogIdentity

IDENTITY = LogIdentity("cluster", "prefix", "app", "topic", "topic-id")
ROWS = 2 * ROWS_PER_INSERT + 7  # two whole statements, then rows one by one


def filled(first_id: int = 1, bulk: bool = False) -> IndexFile:
    """An in-memory index file with ROWS rows: originator ``o{n // 3}``, version ``n % 3 + 1``,
    offset ``10 * n``, ids from ``first_id``."""
    file = IndexFile()
    if bulk:
        file.reset()
    numbers = range(ROWS)
    file.add(
        first_id,
        [f"o{n // 3}" for n in numbers],
        [n % 3 + 1 for n in numbers],
        [10 * n for n in numbers],
        IDENTITY,
        Checkpoint(10 * ROWS, ROWS, "0" * 64),
    )
    return file


@pytest.mark.parametrize("bulk", [False, True], ids=["incremental", "cold build"])
def test_every_row_of_a_many_row_insert_is_found_by_its_notification_id(bulk: bool) -> None:
    file = filled(first_id=5, bulk=bulk)
    file.finish_bulk(IDENTITY, Checkpoint(10 * ROWS, ROWS, "0" * 64))
    assert [file.offset_of(5 + n) for n in range(ROWS)] == [10 * n for n in range(ROWS)]
    assert file.offset_of(5 + ROWS) is None


def test_every_row_of_a_many_row_insert_is_found_by_originator_and_version() -> None:
    file = filled()
    found = [file.position(f"o{n // 3}", n % 3 + 1) for n in range(ROWS)]
    assert found == [(n + 1, 10 * n) for n in range(ROWS)]


def test_a_version_twice_in_one_insert_is_refused() -> None:
    file = IndexFile()
    with pytest.raises(sqlite3.IntegrityError):
        file.add(1, ["a"] * (ROWS_PER_INSERT + 1), [1] * (ROWS_PER_INSERT + 1),
                 list(range(ROWS_PER_INSERT + 1)), IDENTITY, Checkpoint())
    assert file.offset_of(1) is None  # the transaction rolled back


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="shorter|longer"):
        IndexFile().add(1, ["a", "b"], [1], [0, 1], IDENTITY, Checkpoint())
