"""A pair from a confirmed cohort-matching proposal reads as origin 'matching', the same through
the set-based route and the Python handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.base import Stamp
from domain.proposals import ProposedPair
from projections.catch_up import CatchUp
from projections.read_side import ReadSideProjection
from projections.view import DuckDBView
from services.cohort import ConfirmMatching, ProposeMatching
from services.mentoring import MentoringService
from tests.services.scenario import DAY, Scenario


def matched_log() -> MentoringService:
    """T1 paired with M1 by a confirmed proposal; T2 with M2 by an accepted request."""
    service = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    world = Scenario(service)
    for person in ("T1", "T2", "M1", "M2"):
        world.hire(person)
    world.program()
    for mentee in ("T1", "T2"):
        world.mentee(world.program_id, mentee)
    for mentor in ("M1", "M2"):
        world.mentor(world.program_id, mentor)
    proposal_id = service.handle(ProposeMatching(
        stamp=Stamp("A1", DAY), program_id=world.program_id, round_number=1,
        pairs=(ProposedPair("T1", "M1", "sales", 4.0),), free_slots_seen={"M1": 1},
    ))
    service.handle(ConfirmMatching(
        stamp=Stamp("A1", DAY), program_id=world.program_id, proposal_id=proposal_id
    ))
    world.pair(world.program_id, "T2", "M2")
    return service


@pytest.mark.parametrize("set_based", [True, False], ids=["set-based", "python"])
def test_a_cohort_matched_pair_has_origin_matching(set_based: bool, tmp_path: Path) -> None:
    service = matched_log()
    view = DuckDBView(tmp_path / "read.duckdb")
    CatchUp(service.recorder, service.mapper, ReadSideProjection(view), 50,
            set_based=set_based).run()
    rows = view.fetch(
        "SELECT origin, request_id IS NULL, (SELECT count(*) FROM participations p "
        "WHERE p.mentorship_id = m.mentorship_id) FROM mentorships m ORDER BY origin"
    )
    view.close()
    assert rows == [("matching", True, 2), ("request", False, 2)]
