"""The HRIS message contract: what is accepted, and one-line reasons for what is not."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.vocabulary import ExitReason
from gateways.entrypoints.hris.contract import (
    Hired,
    Left,
    MalformedMessage,
    dump_message,
    parse_message,
)
from services import employees

COMMON = b'"event_id": "ev1", "employee_id": "E1", "effective_date": "2024-01-15"'
HRIS_ON_THE_DAY = Stamp(HRIS_ACTOR, dt.date(2024, 1, 15))


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
        reason=ExitReason.VOLUNTARY,
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
        (b'{"event_id": "a", "type": "left", "employee_id": "E1", "effective_date": "2024-01-01",'
         b' "reason": "bored"}', "'voluntary', 'involuntary' or 'retirement'"),
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


@pytest.mark.parametrize(
    ("attributes", "command"),
    [
        (b'"type": "hired", "department": "Sales", "job_level": 2, "location": "Leeds",'
         b' "demographic_group": "g1"',
         employees.HireEmployee(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", department="Sales",
             job_level=2, manager_id=None, location="Leeds", demographic_group="g1",
         )),
        (b'"type": "rehired", "department": "IT", "job_level": 3, "manager_id": "E0",'
         b' "location": "Oslo"',
         employees.RehireEmployee(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", department="IT",
             job_level=3, manager_id="E0", location="Oslo",
         )),
        (b'"type": "left", "reason": "retirement"',
         employees.RecordLeaving(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", reason=ExitReason.RETIREMENT
         )),
        (b'"type": "promoted", "new_level": 4',
         employees.PromoteEmployee(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", new_job_level=4
         )),
        (b'"type": "transferred", "new_department": "IT"',
         employees.TransferEmployee(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", new_department="IT"
         )),
        (b'"type": "manager_changed", "new_manager_id": null',
         employees.ChangeManager(
             stamp=HRIS_ON_THE_DAY, command_id="ev1", hris_id="E1", new_manager_id=None
         )),
    ],
)
def test_each_message_becomes_one_hris_command_with_the_event_id_as_command_id(
    attributes: bytes, command: object
) -> None:
    message = parse_message(b"{" + COMMON + b", " + attributes + b"}")
    assert message.to_command() == command


def test_a_leave_reason_is_read_as_the_domain_exit_reason() -> None:
    message = parse_message(b"{" + COMMON + b', "type": "left", "reason": "involuntary"}')
    assert isinstance(message, Left) and message.reason is ExitReason.INVOLUNTARY
    assert b'"reason":"involuntary"' in dump_message(message)


@pytest.mark.parametrize(
    ("type_", "field"),
    [("hired", "department"), ("hired", "location"), ("hired", "demographic_group"),
     ("rehired", "department"), ("transferred", "new_department")],
)
def test_an_over_long_free_text_is_refused_naming_its_field(type_: str, field: str) -> None:
    attributes = {"department": "Sales", "job_level": 2, "location": "Leeds"}
    if type_ == "transferred":
        attributes = {"new_department": "Ops"}
    body = {"event_id": "a", "type": type_, "employee_id": "E1", "effective_date": "2024-01-15",
            **attributes, field: "x" * 1_000_000}
    with pytest.raises(MalformedMessage) as caught:
        parse_message(json.dumps(body).encode())
    assert caught.value.reason.startswith(f"{type_}.{field}:")
    assert "at most 200 characters" in caught.value.reason
