"""The reader's share of the JSON work moves towards the thread that waits."""

from __future__ import annotations

from projections.work_split import STEP, WorkSplit


def test_the_reader_takes_more_when_it_waits_to_hand_a_batch_over() -> None:
    split = WorkSplit(0.5)

    split.reader_waited(0.1)

    assert split.share == 0.5 + STEP


def test_the_reader_takes_less_when_the_main_thread_waits_for_a_batch() -> None:
    split = WorkSplit(0.5)

    split.writer_waited(0.1)

    assert split.share == 0.5 - STEP


def test_a_wait_too_short_to_matter_moves_nothing() -> None:
    split = WorkSplit(0.5)

    split.reader_waited(0.0001)
    split.writer_waited(0.0001)

    assert split.share == 0.5


def test_the_share_stays_between_nothing_and_everything() -> None:
    split = WorkSplit(0.0)

    split.writer_waited(0.1)
    assert split.share == 0.0
    split.share = 1.0
    split.reader_waited(0.1)
    assert split.share == 1.0
