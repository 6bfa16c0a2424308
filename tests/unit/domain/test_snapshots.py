"""Snapshot states: every value an aggregate holds goes through JSON and comes back equal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder

from domain.base import Stamp
from domain.programs import ConflictRules, Program
from domain.snapshots import MentoringSnapshot, decode_state, encode_state
from domain.vocabulary import Formality, ProgramType
from services.transcodings import register_all_transcodings


@dataclass(frozen=True)
class Rules:
    """A frozen dataclass of the kind aggregates hold."""

    levels: int
    since: date | None = None


class Colour(StrEnum):
    """A string enum of the kind aggregates hold."""

    RED = "red"


def through_json(value: Any) -> Any:
    """``value`` encoded, written as the store writes it, read back and decoded."""
    coder = JSONTranscoder()
    register_all_transcodings(coder)
    return decode_state(coder.decode(coder.encode({"v": encode_state(value)}))["v"])


@pytest.mark.parametrize(
    "value",
    [
        {uuid4(): ("a", "b", 1)},
        {uuid4(), uuid4()},
        frozenset({"x"}),
        ("one", date(2024, 1, 1)),
        Rules(2, date(2024, 5, 1)),
        Colour.RED,
        {"~t": "a plain key that looks like a tag"},
        [None, True, 1.5, {"nested": {Colour.RED: Rules(0)}}],
    ],
)
def test_a_value_comes_back_equal_and_of_the_same_type(value: Any) -> None:
    back = through_json(value)
    assert back == value and type(back) is type(value)


def test_a_value_json_cannot_carry_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="function"):
        json.dumps(encode_state(lambda: None))


def test_a_programs_snapshot_mutates_back_to_an_equal_program() -> None:
    stamp = Stamp("E0", date(2024, 1, 1))
    program = Program.launch(
        program_id=uuid4(), rules=ConflictRules(), name="Grow", program_type=ProgramType.GENERAL,
        goal="grow", formality=Formality.FORMAL,
        starts_on=date(2024, 1, 1), ends_on=None, meeting_cadence="weekly",
        executive_sponsor_id="E0", stamp=stamp,
    )
    program.open_next_round(round_name="first", departments=("Sales",), stamp=stamp)

    snapshot = MentoringSnapshot.take(program)
    back = through_json(snapshot.state)
    restored = MentoringSnapshot(
        originator_id=snapshot.originator_id, originator_version=snapshot.originator_version,
        timestamp=snapshot.timestamp, topic=snapshot.topic, state=back,
    ).mutate(None)

    assert vars(restored) == vars(program) | {"_pending_events": []}
    assert restored.open_round_departments == ("Sales",)
