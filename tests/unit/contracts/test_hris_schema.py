"""The HRIS schema and the contract agree on every message the tests send.

Two properties: every message the contract accepts validates against the schema (so the
schema describes what the tests send), and every message the schema validates is accepted by
the contract, except a rating off its scale (a rule across fields, which draft-07 cannot state:
the schema says it in words). The schema is stricter in one way: the contract also takes
numbers written as strings ("3"), the schema does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateways.contracts.hris import hris_schema
from gateways.entrypoints.hris.contract import (
    MESSAGE_TYPES,
    MalformedMessage,
    dump_message,
    parse_message,
)
from gateways.entrypoints.hris_import.diff import plan_import
from gateways.entrypoints.hris_import.mapping import DEFAULT_MAPPING
from gateways.entrypoints.hris_import.rows import read_snapshot
from tests.e2e import test_webhooks as webhooks
from tests.integration.hris import feeds
from tests.unit.hris import conftest as hris_unit
from tests.unit.hris import test_contract, test_performance_message
from tests.unit.hris_import.company import first_snapshot, fold, second_snapshot

ROOT = Path(__file__).parents[3]
VALIDATOR = jsonschema.Draft7Validator(hris_schema(), format_checker=jsonschema.FormatChecker())


def schema_accepts(raw: bytes) -> bool:
    try:
        value = json.loads(raw)
    except ValueError:
        return False
    return VALIDATOR.is_valid(value)


def contract_verdict(raw: bytes) -> str | None:
    """None if the contract accepts the message, else its reason."""
    try:
        parse_message(raw)
    except MalformedMessage as error:
        return error.reason
    return None


def contract_accepts(raw: bytes) -> bool:
    return contract_verdict(raw) is None


CROSS_FIELD_RULES = ("outside the scale", "must be below scale_max")


def agree(raw: bytes) -> bool:
    """Accepted by both, refused by both, or refused by the contract for a cross-field rule."""
    reason = contract_verdict(raw)
    if schema_accepts(raw) == (reason is None):
        return True
    return reason is not None and any(rule in reason for rule in CROSS_FIELD_RULES)


def documented() -> Iterator[bytes]:
    """The example messages of docs/hris.md and the README."""
    for doc in (ROOT / "docs" / "hris.md", ROOT / "README.md"):
        for block in re.findall(r"```json\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            yield from (line.encode() for line in block.splitlines() if '"type"' in line)


def parametrized(test: Any) -> Iterator[Any]:
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            yield from mark.args[1]


def from_the_unit_tests() -> Iterator[bytes]:
    """The messages of the contract's unit tests (read from their parameters)."""
    malformed = test_contract.test_malformed_message_is_refused_with_a_one_line_reason
    converted = (
        test_contract.test_each_message_becomes_one_hris_command_with_the_event_id_as_command_id
    )
    for raw, _ in parametrized(malformed):
        yield raw
    for attributes, _ in parametrized(converted):
        yield b"{" + test_contract.COMMON + b", " + attributes + b"}"
    rated = test_performance_message.test_a_malformed_rating_is_refused_with_a_one_line_reason
    for attributes, _ in parametrized(rated):
        yield test_performance_message.message(attributes)
    yield test_performance_message.message(
        b'"rating": 3, "scale_min": 1, "scale_max": 4, "cycle": "2024-H1"'
    )
    yield hris_unit.message("hired", "E1", "h1", effective_date="2024-01-15")
    yield hris_unit.message("promoted", "E1", "p1", effective_date="2024-02-01", new_level=3)
    yield hris_unit.message("left", "E1", "l1", effective_date="2024-03-01", reason="voluntary")


def from_the_integration_feeds() -> Iterator[bytes]:
    """The feeds the integration tests publish, malformed lines included."""
    yield from feeds.workforce(30)
    yield feeds.line("left", "E1", "l-1", "2024-05-01", reason="retirement")
    yield feeds.line("manager_changed", "E1", "m-1", "2024-05-01", new_manager_id=None)
    yield feeds.line("rehired", "E1", "r-1", "2024-06-01", department="IT", job_level=2,
                     location="Oslo")


def from_the_snapshot_imports() -> Iterator[bytes]:
    """Every message the hris-import tests plan for the 1,000-person company."""
    known: dict[str, Any] = {}
    for snapshot in (first_snapshot(), second_snapshot()):
        rows = read_snapshot(snapshot.text, DEFAULT_MAPPING).rows
        messages = plan_import(known, rows, snapshot.as_of).messages
        fold(known, messages)
        yield from (dump_message(m) for m in messages)


def from_the_webhook_tests() -> Iterator[bytes]:
    """The bodies the webhook tests sign and send, the one breaking the contract included."""
    yield json.dumps(webhooks.HIRED).encode()
    yield json.dumps({**webhooks.HIRED, "job_level": "senior"}).encode()


CORPUS = [
    *documented(), *from_the_unit_tests(), *from_the_integration_feeds(),
    *from_the_snapshot_imports(), *from_the_webhook_tests(),
]


def test_the_corpus_holds_every_message_type_and_malformed_ones() -> None:
    types = {json.loads(raw).get("type") for raw in CORPUS if contract_accepts(raw)}
    assert types == set(MESSAGE_TYPES)
    assert sum(not contract_accepts(raw) for raw in CORPUS) >= 14
    assert len(CORPUS) > 1000


@pytest.mark.parametrize("raw", CORPUS[:80] + CORPUS[-5:], ids=lambda raw: raw[:40].decode(
    errors="replace"))
def test_the_schema_and_the_contract_agree_on_a_message(raw: bytes) -> None:
    assert agree(raw), contract_verdict(raw)


def test_every_message_the_tests_send_that_the_contract_accepts_validates() -> None:
    accepted = [raw for raw in CORPUS if contract_accepts(raw)]
    assert [raw for raw in accepted if not schema_accepts(raw)] == []


def test_the_schema_and_the_contract_agree_on_every_message_the_tests_send() -> None:
    assert [raw for raw in CORPUS if not agree(raw)] == []


def test_a_rating_off_its_scale_is_the_one_rule_the_schema_states_only_in_words() -> None:
    off_scale = test_performance_message.message(
        b'"rating": 5, "scale_min": 1, "scale_max": 4, "cycle": "2024-H1"'
    )
    assert schema_accepts(off_scale) and not contract_accepts(off_scale)
    described = hris_schema()["definitions"]["PerformanceRated"]["description"]
    assert "scale_min <= rating <= scale_max" in described


common = st.fixed_dictionaries({
    "event_id": st.text(min_size=1, max_size=128),
    "employee_id": st.from_regex(r"\A[A-Za-z0-9._:-]{1,64}\Z"),
    "effective_date": st.dates().map(lambda d: d.isoformat()),
})
levels = st.integers(min_value=-2, max_value=25)
by_type: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "hired": st.fixed_dictionaries({"department": st.text(max_size=5), "job_level": levels,
                                     "location": st.text(max_size=5)}),
    "left": st.fixed_dictionaries({"reason": st.sampled_from(["voluntary", "retirement", "x"])}),
    "promoted": st.fixed_dictionaries({"new_level": levels}),
    "manager_changed": st.fixed_dictionaries({"new_manager_id": st.none() | st.text(max_size=3)}),
    "performance_rated": st.fixed_dictionaries({
        "rating": st.floats(-1, 6) | st.integers(-1, 6), "scale_min": st.integers(-1, 3),
        "scale_max": st.integers(2, 6), "cycle": st.text(max_size=4),
    }),
}


@given(common, st.sampled_from(sorted(by_type)).flatmap(
    lambda kind: by_type[kind].map(lambda body: {"type": kind, **body})))
def test_the_schema_and_the_contract_agree_on_generated_messages(
    head: dict[str, Any], body: dict[str, Any]
) -> None:
    raw = json.dumps({**head, **body}).encode()
    assert agree(raw), contract_verdict(raw)
