"""How a verification verdict reads."""

from __future__ import annotations

import pytest
from eventsourcing.utils import get_topic

from domain.employees import Employee
from gateways.audit.logic.verdict import AlteredEvent, Anchor, ChainVerdict

LEFT = get_topic(Employee.Left)
ALTERED = AlteredEvent(
    position=6, notification_id=7, expected_notification_id=6, aggregate_id="a1", version=2,
    event_type=LEFT, reason="it is out of sequence",
)


def test_an_intact_log_reads_ok_with_its_head_hash() -> None:
    verdict = ChainVerdict("sqlite", "stored_events", 12, "ab" * 32)
    assert verdict.ok and verdict.describe().startswith("OK: 12 events")


def test_an_altered_log_names_the_event_and_its_position() -> None:
    verdict = ChainVerdict("kafka", "p.mentoring.events", 5, "cd" * 32, ALTERED)
    assert not verdict.ok
    assert f"notification 7 ({LEFT} of a1 v2) at position 6" in (
        verdict.describe()
    )


def test_a_removed_event_is_named_by_the_notification_id_it_had() -> None:
    gone = AlteredEvent(None, None, 9, None, None, None, "events 9 to 10 were removed")
    assert gone.describe() == "notification 9: events 9 to 10 were removed"


def test_the_json_form_says_whether_the_log_is_intact() -> None:
    assert ChainVerdict("kafka", "t", 5, "00", ALTERED).to_json()["ok"] is False


HEAD = "ab" * 32


def test_an_anchor_is_read_from_its_noted_form() -> None:
    assert Anchor.parse(f"28:{HEAD.upper()}") == Anchor(28, HEAD)


def test_a_malformed_anchor_is_refused() -> None:
    with pytest.raises(ValueError, match="NOTIFICATION_ID:SHA256_HEX"):
        Anchor.parse("28:abc")


def test_a_chain_through_its_anchor_stays_intact() -> None:
    verdict = ChainVerdict("sqlite", "t", 30, "cd" * 32, anchor_hash=HEAD)
    assert verdict.against(Anchor(28, HEAD)).ok


def test_a_chain_rewritten_up_to_its_anchor_is_altered() -> None:
    verdict = ChainVerdict("sqlite", "t", 30, "cd" * 32, anchor_hash="ef" * 32)
    altered = verdict.against(Anchor(28, HEAD)).altered
    assert altered is not None and "rewritten" in altered.reason


def test_a_chain_ending_before_its_anchor_lost_its_end() -> None:
    verdict = ChainVerdict("sqlite", "t", 26, "cd" * 32)
    altered = verdict.against(Anchor(28, HEAD)).altered
    assert altered is not None and "removed from its end" in altered.reason
