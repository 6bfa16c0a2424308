"""The terminal summary of the report."""

from __future__ import annotations

from rich.console import Console

from gateways.report.render.terminal import print_summary
from tests.unit.demo.report_fixture import report


def printed() -> str:
    console = Console(record=True, width=120)
    print_summary(report(), console)
    return console.export_text()


def test_the_summary_shows_both_differences() -> None:
    text = printed()
    assert "+8.0 pp" in text and "+29.0 pp" in text


def test_the_summary_shows_the_log_rank_test() -> None:
    assert "χ² = 38.3" in printed()


def test_the_summary_shows_the_funnel() -> None:
    assert "1770" in printed()


def test_the_summary_shows_the_run_s_facts() -> None:
    assert "Run:" in printed()
