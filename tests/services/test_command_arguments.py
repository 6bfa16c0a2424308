"""A command that is one domain method call passes its own fields, by name, to the method."""

from __future__ import annotations

from uuid import uuid4

from domain.base import Stamp
from services.command import HANDLERS, arguments
from services.mentorships import AnswerKickoff, SetGoal
from tests.unit.domain.support import DAY


def test_a_commands_arguments_are_its_stamp_and_own_fields_but_the_named_ones() -> None:
    command = SetGoal(stamp=Stamp("E1", DAY), command_id="c1", expected_version=3,
                      mentorship_id=uuid4(), goal_id="g1", description="speak up")
    assert arguments(command, but=("mentorship_id",)) == {
        "stamp": Stamp("E1", DAY), "goal_id": "g1", "description": "speak up",
    }


def test_a_registered_call_is_named_as_the_command_log_names_its_command() -> None:
    assert HANDLERS[SetGoal].__name__ == "set_goal"
    assert HANDLERS[AnswerKickoff].__name__ == "answer_kickoff"
