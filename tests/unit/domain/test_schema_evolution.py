"""Event schemas evolve: an old stored version is upcast when it is read."""

from __future__ import annotations

from domain.programs import Program
from tests.unit.domain.support import program, read_as_stored_before, replay


def test_launched_is_at_schema_version_2() -> None:
    assert Program.Launched.class_version == 2


def test_a_stored_version_1_launched_reads_as_requiring_training() -> None:
    launched = program().collect_events()[0]
    assert isinstance(launched, Program.Launched)
    upcast = read_as_stored_before(launched, "require_training")  # version 1
    assert isinstance(upcast, Program.Launched)
    assert upcast.require_training is True


def test_a_program_rebuilt_from_a_version_1_event_requires_training() -> None:
    launched = program().collect_events()[0]
    assert isinstance(launched, Program.Launched)
    rebuilt: Program = replay([read_as_stored_before(launched, "require_training")])
    assert rebuilt.rules.require_training and rebuilt.name == "Grow"
