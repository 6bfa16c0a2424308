"""A batch folds updates into rows inserted earlier in it, and merges the others per key."""

from __future__ import annotations

from uuid import uuid4

import pytest

from projections.rows import RowBatch


def test_an_update_to_a_row_inserted_in_the_same_batch_changes_the_insert() -> None:
    batch, request = RowBatch(), uuid4()
    batch.insert("requests", request_id=request, outcome="pending")

    batch.update("requests", (request,), outcome="accepted")

    assert batch.inserts["requests"][(request,)]["outcome"] == "accepted"
    assert not batch.updates["requests"]


def test_later_updates_of_an_earlier_row_win_column_by_column() -> None:
    batch, request = RowBatch(), uuid4()

    batch.update("requests", (request,), outcome="declined", outcome_on="2024-06-04")
    batch.update("requests", (request,), outcome="pending")

    merged = batch.updates["requests"][(request,)]
    assert merged == {"outcome": "pending", "outcome_on": "2024-06-04"}


def test_a_column_the_table_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError):
        RowBatch().insert("memos", notification_id=1, text="private")
