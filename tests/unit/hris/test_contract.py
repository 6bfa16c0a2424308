"""The HRIS message contract: what is accepted, and one-line reasons for what is not."""

from __future__ import annotations

import datetime as dt

import pytest

from gateways.hris.contract import Hired, Left, MalformedMessage, dump_message, parse_message


def test_hire_message_is_parsed_with_its_attributes() -> None:
    message = parse_message(
        b'{"event_id": "h1", "type": "hired", "employee_id": "E1", "effective_date": "2024-01-15",'
        b' "department": "Sales", "job_level": 2, "manager_id": "E0", "location": "Leeds"}'
    )
    assert isinstance(message, Hired)
    assert message.effective_date == dt.date(2024, 1, 15)
    assert message.manager_id == "E0"


def test_message_survives_a_round_trip_through_json() -> None:
    left = Left(
        type="left", event_id="x", employee_id="E1", effective_date=dt.date(2025, 3, 1),
        reason="voluntary",
    )
    assert parse_message(dump_message(left)) == left


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json", "Invalid JSON"),
        (b'{"event_id": "a", "type": "fired", "employee_id": "E1", "effective_date": "2024-01-01"}',
         "type"),
        (b'{"event_id": "a", "type": "left", "employee_id": "E1", "effective_date": "2024-01-01"}',
         "reason"),
        (b'{"event_id": "a", "type": "left", "employee_id": "E1", "effective_date": "2024-13-01",'
         b' "reason": "voluntary"}', "effective_date"),
        (b'{"event_id": "a", "type": "promoted", "employee_id": "E1",'
         b' "effective_date": "2024-01-01", "new_level": 3, "bonus": 1}', "bonus"),
    ],
)
def test_malformed_message_is_refused_with_a_one_line_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(MalformedMessage) as caught:
        parse_message(raw)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
