"""The projector's progress line: position / head, events, events per second."""

from __future__ import annotations

import io

from gateways.entrypoints.cli.project import ProgressLine, describe
from projections.catch_up import Progress


def test_progress_names_position_head_share_and_rate() -> None:
    line = describe(Progress(1200, 5000, 1200, 35_000.4, caught_up=False))
    assert line == "projected 1,200 / 5,000 (24.0%) · 1,200 events · 35,000 events/s [catching up]"


def test_progress_on_an_empty_log_has_no_share() -> None:
    assert describe(Progress(None, None, 0, 0.0, caught_up=True)).startswith("projected 0 / 0 ·")


def test_progress_is_written_at_most_once_a_second_while_catching_up() -> None:
    stream = io.StringIO()
    report = ProgressLine(stream, every=60)
    for position in (10, 20, 30):
        report(Progress(position, 100, position, 1.0, caught_up=False))
    assert len(stream.getvalue().splitlines()) == 1


def test_progress_always_reports_catching_up() -> None:
    stream = io.StringIO()
    report = ProgressLine(stream, every=60)
    report(Progress(10, 100, 10, 1.0, caught_up=False))
    report(Progress(100, 100, 100, 1.0, caught_up=True))
    assert stream.getvalue().splitlines()[-1].endswith("[caught up]")
