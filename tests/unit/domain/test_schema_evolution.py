"""Event schemas evolve: an old stored version is upcast when it is read."""

from __future__ import annotations

from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent

from domain.programs import Program
from services.transcodings import register_all_transcodings
from tests.unit.domain.support import program, replay


def _mapper() -> tuple[Mapper, JSONTranscoder]:
    transcoder = JSONTranscoder()
    register_all_transcodings(transcoder)
    return Mapper(transcoder=transcoder), transcoder


def _stored_as_version_1(launched: Program.Launched) -> StoredEvent:
    """What a version 1 Launched looked like: no class_version, no require_training."""
    mapper, transcoder = _mapper()
    stored = mapper.to_stored_event(launched)
    state = transcoder.decode(stored.state)
    del state["class_version"], state["require_training"]
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=transcoder.encode(state),
    )


def test_launched_is_at_schema_version_2() -> None:
    assert Program.Launched.class_version == 2


def test_a_stored_version_1_launched_reads_as_requiring_training() -> None:
    launched = program().collect_events()[0]
    assert isinstance(launched, Program.Launched)
    mapper, _ = _mapper()
    upcast = mapper.to_domain_event(_stored_as_version_1(launched))
    assert isinstance(upcast, Program.Launched)
    assert upcast.require_training is True


def test_a_program_rebuilt_from_a_version_1_event_requires_training() -> None:
    launched = program().collect_events()[0]
    assert isinstance(launched, Program.Launched)
    mapper, _ = _mapper()
    rebuilt: Program = replay([mapper.to_domain_event(_stored_as_version_1(launched))])
    assert rebuilt.rules.require_training and rebuilt.name == "Grow"
