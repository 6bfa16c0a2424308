"""Suggestions and cohort proposals from the portal's read side (an in-process DuckDB fed by
the projector): ranked, explained, and never a pair the service would refuse."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.base import Stamp
from domain.errors import DomainError
from domain.matching import Scored
from projections.portal import suggestions
from projections.portal.follower import PortalReadModel
from services.changes import Changes
from services.mentoring import MentoringService
from services.mentorships import AssignPair, assign_pair
from services.programs import CloseRound
from tests.services.scenario import DAY, Scenario


@contextmanager
def read_side(service: MentoringService) -> Iterator[duckdb.DuckDBPyConnection]:
    """The portal read model of the service, caught up with every event written so far."""
    model = PortalReadModel(service.recorder, service.mapper, poll_seconds=0.05)
    model.start()
    try:
        assert model.wait_for(service.recorder.max_notification_id() or 0, timeout=10)
        with model.cursor() as cursor:
            yield cursor
    finally:
        model.stop()


def memory_service() -> MentoringService:
    return MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def suggested(service: MentoringService, world: Scenario, mentee: str,
              topic: str | None = "sales") -> list[Scored]:
    with read_side(service) as cursor:
        found, _ = suggestions.suggestions(cursor, world.program_id, mentee, DAY, topic, 50)
    return found


def office() -> tuple[MentoringService, Scenario]:
    """T1 (level 3, reports to M2) and mentors M1 (Eng, level 5), M2 (Sales, level 6), M3
    (untrained), all in Sales unless told."""
    service = memory_service()
    world = Scenario(service)
    world.hire("B0", job_level=9)
    world.hire("M1", job_level=5, department="Eng", manager_id="B0")
    world.hire("M2", job_level=6, manager_id="B0")
    world.hire("M3", job_level=6, manager_id="B0")
    world.hire("T1", job_level=3, manager_id="M2")
    world.program()
    world.mentee(world.program_id, "T1")
    world.mentor(world.program_id, "M1", capacity=2)
    world.mentor(world.program_id, "M2")
    world.mentor(world.program_id, "M3", trained=False)
    return service, world


def test_suggestions_leave_out_the_mentee_s_manager_and_untrained_mentors() -> None:
    service, world = office()
    assert [s.mentor_id for s in suggested(service, world, "T1")] == ["M1"]


def test_each_suggestion_says_why_with_its_reasons() -> None:
    service, world = office()
    reasons = {r.name for r in suggested(service, world, "T1")[0].reasons}
    assert {"topic_match", "free_capacity", "cross_department", "level_gap"} <= reasons


def test_a_mentor_at_capacity_is_not_suggested() -> None:
    service, world = office()
    world.hire("T2", job_level=3)
    world.hire("T3", job_level=3)
    service.handle(assignment(world, "T2", "M1"))
    service.handle(assignment(world, "T3", "M1"))
    assert suggested(service, world, "T1") == []


def test_a_mentor_who_declined_the_mentee_before_scores_lower() -> None:
    service, world = office()
    before = suggested(service, world, "T1")[0].score
    world.decline(world.request(world.program_id, "T1", ("M1",)), "M1")
    after = suggested(service, world, "T1")[0]
    assert after.score == before - 2.0
    assert "past_declines" in {r.name for r in after.reasons}


def test_no_open_round_means_no_suggestion_and_says_why() -> None:
    service, world = office()
    service.handle(CloseRound(stamp=Stamp("A1", DAY), program_id=world.program_id))
    with read_side(service) as cursor:
        found, why = suggestions.suggestions(cursor, world.program_id, "T1", DAY, None, 10)
    assert found == [] and why is not None and "no round" in why


def test_a_proposal_pairs_every_waiting_mentee_it_can_within_capacities() -> None:
    service, world = office()
    for mentee in ("T2", "T3", "T4"):
        world.hire(mentee, job_level=3, department="Ops")
        world.mentee(world.program_id, mentee)
    with read_side(service) as cursor:
        proposal = suggestions.propose(cursor, world.program_id, DAY)
    used = Counter(s.mentor_id for s in proposal.assignment.pairs.values())
    assert used == Counter({"M1": 2, "M2": 1})
    assert len(proposal.assignment.unmatched) == 1
    assert set(proposal.why_unmatched) == set(proposal.assignment.unmatched)


def test_a_paired_mentee_is_not_waiting() -> None:
    service, world = office()
    service.handle(assignment(world, "T1", "M1"))
    with read_side(service) as cursor:
        assert suggestions.waiting_mentees(cursor, world.program_id, 1) == set()


# --- property: suggestions are exactly the mentors AssignPair accepts -----------------------

PEOPLE = ("P0", "P1", "P2", "P3", "P4", "P5")


@dataclass(frozen=True)
class Organisation:
    """A small random company and program: who reports to whom, levels, departments, the
    program's rules, its mentors (person, capacity, trained, topics), pairs already assigned
    and someone who left."""

    managers: dict[str, str | None]
    levels: dict[str, int]
    departments: dict[str, str]
    rules: dict[str, Any]
    program_type: str
    mentors: list[tuple[str, int, bool, tuple[str, ...]]]
    pairs: list[tuple[str, str]]
    leaver: str | None


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    return Organisation(
        managers={p: draw(st.sampled_from((None, *PEOPLE[:i]))) for i, p in enumerate(PEOPLE)},
        levels={p: draw(st.integers(2, 7)) for p in PEOPLE},
        departments={p: draw(st.sampled_from(("Sales", "Eng"))) for p in PEOPLE},
        rules={
            "reporting_line_levels": draw(st.integers(0, 2)),
            "forbid_same_manager": draw(st.booleans()),
            "require_training": draw(st.booleans()),
        },
        program_type=draw(st.sampled_from(("general", "reverse"))),
        mentors=draw(st.lists(st.tuples(
            st.sampled_from(PEOPLE), st.integers(1, 2), st.booleans(),
            st.sampled_from((("sales",), ("tech",), ("sales", "tech"))),
        ), unique_by=lambda m: m[0], max_size=5)),
        pairs=draw(st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)),
                            max_size=3)),
        leaver=draw(st.sampled_from((None, *PEOPLE))),
    )


def build(org: Organisation) -> tuple[MentoringService, Scenario]:
    service = memory_service()
    world = Scenario(service)
    for person in PEOPLE:
        world.hire(person, manager_id=org.managers[person], job_level=org.levels[person],
                   department=org.departments[person])
    world.program(org.program_type, **org.rules)
    for person, capacity, trained, topics in org.mentors:
        world.mentor(world.program_id, person, capacity=capacity, trained=trained, topics=topics)
    for mentee, mentor in org.pairs:
        with suppress(DomainError):
            service.handle(assignment(world, mentee, mentor))
    if org.leaver is not None:
        world.leave(org.leaver)
    return service, world


def assignment(world: Scenario, mentee: str, mentor: str) -> AssignPair:
    return AssignPair(stamp=Stamp("A1", DAY), program_id=world.program_id, mentee_id=mentee,
                      mentor_id=mentor, topic="sales")


def accepted(service: MentoringService, world: Scenario, mentee: str, mentor: str) -> bool:
    """Whether AssignPair would start the pair now (run without saving anything)."""
    try:
        assign_pair(assignment(world, mentee, mentor), Changes(service.repository))
    except DomainError:
        return False
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_suggestions_are_exactly_the_mentors_the_service_would_assign(
    org: Organisation,
) -> None:
    service, world = build(org)
    mentors = [m[0] for m in org.mentors]
    with read_side(service) as cursor:
        for mentee in PEOPLE:
            found, _ = suggestions.suggestions(cursor, world.program_id, mentee, DAY, "sales", 50)
            expected = {m for m in mentors if accepted(service, world, mentee, m)}
            assert {s.mentor_id for s in found} == expected, mentee


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), st.sampled_from((None, "sales", "tech")), st.integers(1, 4))
def test_suggestions_rank_as_judging_every_mentor_of_the_program_would(
    org: Organisation, topic: str | None, limit: int,
) -> None:
    service, world = build(org)
    with read_side(service) as cursor:
        facts = suggestions.program_facts(cursor, world.program_id)
        for mentee in PEOPLE:
            found, _ = suggestions.suggestions(cursor, world.program_id, mentee, DAY, topic, limit)
            judged = suggestions.judge_mentees(cursor, facts, {mentee}, DAY, topic, limit)
            assert found == judged.allowed.get(mentee, [])[:limit], mentee


def test_a_tier_the_scorer_disagrees_with_falls_back_to_judging_every_mentor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service, world = office()
    expected = suggested(service, world, "T1")
    monkeypatch.setattr(suggestions, "total_score", lambda facts, weights: -1.0)
    assert suggested(service, world, "T1") == expected != []
