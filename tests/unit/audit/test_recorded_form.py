"""What auditors see of private texts, and the original recorded form on request."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from domain.mentorships import Mentorship
from gateways.audit.history import aggregate_history
from gateways.audit.log import EventLog
from gateways.audit.logic.entries import HistoryEntry
from gateways.audit.logic.privacy import REDACTED
from tests.unit.audit.scenario import MEMO, Story


def memo(event_log: EventLog, story: Story, **options: bool) -> HistoryEntry:
    entries = aggregate_history(event_log, story.mentorship_id, **options)
    return next(e for e in entries if e.event_type == "Mentorship.MemoFiled")


def test_memo_text_is_hidden_by_default(event_log: EventLog, story: Story) -> None:
    assert memo(event_log, story).data == {"skills": ["negotiation"], "text": REDACTED}


def test_memo_text_is_shown_when_private_texts_are_asked_for(
    event_log: EventLog, story: Story
) -> None:
    assert memo(event_log, story, private=True).data["text"] == MEMO


def test_memo_text_is_hidden_in_the_recorded_form_too(event_log: EventLog, story: Story) -> None:
    raw = memo(event_log, story, with_raw=True).raw
    assert raw is not None and raw["state"]["text"] == REDACTED


def test_the_recorded_form_is_left_out_unless_asked_for(event_log: EventLog, story: Story) -> None:
    entry = memo(event_log, story)
    assert entry.raw is None and "raw" not in entry.to_json()


def test_the_recorded_form_is_the_stored_topic_and_json(event_log: EventLog, story: Story) -> None:
    raw = memo(event_log, story, with_raw=True, private=True).raw
    assert raw is not None
    assert raw["topic"] == get_topic(Mentorship.MemoFiled)
    assert raw["state"]["effective_date"] == {"_type_": "date_iso", "_data_": "2024-03-01"}
