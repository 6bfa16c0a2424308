"""`mentoring demo` on the embedded store: every command accepted, and a report written."""

from __future__ import annotations

from gateways.demo.run import DemoOutcome


def test_the_demo_writes_the_report(demo_run: DemoOutcome) -> None:
    assert demo_run.report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_service_accepts_every_command_of_the_world(demo_run: DemoOutcome) -> None:
    assert not demo_run.drive.refused
    assert demo_run.drive.accepted > 5000


def test_every_command_is_recorded_as_events(demo_run: DemoOutcome) -> None:
    assert demo_run.events > demo_run.drive.accepted


def test_the_landmark_comparison_recovers_the_direction_of_the_effect(
    demo_run: DemoOutcome,
) -> None:
    assert (demo_run.data.landmark.difference or 0) > 0


def test_the_naive_comparison_overstates_the_effect(demo_run: DemoOutcome) -> None:
    assert (demo_run.data.naive.difference or 0) > 2 * (demo_run.data.landmark.difference or 0)


def test_the_demo_runs_the_scheduler_every_day_and_reports_what_it_did(
    demo_run: DemoOutcome,
) -> None:
    tally = demo_run.drive.scheduler
    assert tally.passes == 1096  # 2023-01-01 to 2025-12-31
    assert tally.reminders > 0 and tally.expired > 0 and tally.forwarded > 0
    assert not tally.failed
    facts = dict(demo_run.data.facts)
    assert facts["due-soon reminders sent"] == f"{tally.reminders:,}"
    assert facts["requests expired by the scheduler"] == f"{tally.expired:,}"
    assert facts["expired requests forwarded"] == f"{tally.forwarded:,}"
    assert "requests expired by the scheduler" in demo_run.report.read_text(encoding="utf-8")
