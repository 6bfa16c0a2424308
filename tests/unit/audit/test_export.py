"""Histories exported as JSON Lines, and as readable lines."""

from __future__ import annotations

import io
import json

from gateways.audit.history import aggregate_history, employee_history
from gateways.audit.log import EventLog
from gateways.audit.logic.export import entry_line, write_history
from tests.unit.audit.scenario import Story


def test_json_lines_hold_one_parseable_event_per_line(event_log: EventLog, story: Story) -> None:
    out = io.StringIO()
    written = write_history(employee_history(event_log, "E3"), out, jsonl=True)
    lines = out.getvalue().splitlines()
    assert written == len(lines) == 2
    assert [json.loads(line)["event_type"] for line in lines] == [
        "Employee.Hired", "CommandLog.Handled",
    ]


def test_a_json_line_carries_what_auditors_ask_for(event_log: EventLog, story: Story) -> None:
    out = io.StringIO()
    write_history(employee_history(event_log, "E3"), out, jsonl=True)
    first = json.loads(out.getvalue().splitlines()[0])
    assert {"event_type", "effective_date", "recorded_at", "actor", "version",
            "notification_id"} <= set(first)


def test_a_readable_line_names_event_actor_and_dates(event_log: EventLog, story: Story) -> None:
    ended = list(aggregate_history(event_log, story.mentorship_id))[-1]
    line = entry_line(ended)
    assert f"#{ended.notification_id} " in line
    assert "effective 2024-06-30 by hris: Mentorship.Ended" in line
