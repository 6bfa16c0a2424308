"""Cohort matching's assignment: the most pairs, then the best total score, within capacities;
the same as brute force on small instances."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.matching import Scored
from projections.portal.cohort import assign


def scored(mentor: str, score: float) -> Scored:
    return Scored(mentor, score, "sales", ())


def test_each_mentee_gets_the_mentor_that_maximises_the_total() -> None:
    allowed = {"T1": [scored("M1", 5), scored("M2", 4)], "T2": [scored("M1", 5)]}
    result = assign(allowed, {"M1": 1, "M2": 1})
    assert {m: s.mentor_id for m, s in result.pairs.items()} == {"T1": "M2", "T2": "M1"}
    assert result.total == 9


def test_a_mentor_takes_no_more_mentees_than_free_slots() -> None:
    allowed = {t: [scored("M1", 1)] for t in ("T1", "T2", "T3")}
    result = assign(allowed, {"M1": 2})
    assert len(result.pairs) == 2 and len(result.unmatched) == 1


def test_more_pairs_beat_a_higher_score() -> None:
    allowed = {"T1": [scored("M1", 10), scored("M2", -3)], "T2": [scored("M1", 0)]}
    result = assign(allowed, {"M1": 1, "M2": 1})
    assert len(result.pairs) == 2


def test_a_mentee_with_no_allowed_mentor_is_unmatched() -> None:
    result = assign({"T1": [], "T2": [scored("M1", 1)]}, {"M1": 3})
    assert result.unmatched == ("T1",)


def test_no_free_slot_leaves_everyone_unmatched() -> None:
    result = assign({"T1": [scored("M1", 1)]}, {"M1": 0})
    assert result.pairs == {} and result.unmatched == ("T1",)


def brute_force(
    allowed: dict[str, list[Scored]], slots: dict[str, int]
) -> tuple[int, float]:
    """The best (pairs, total score) over every way to give each mentee a mentor or none."""
    mentees = sorted(allowed)
    options = [[None, *allowed[mentee]] for mentee in mentees]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used = Counter(s.mentor_id for s in choice if s is not None)
        if any(count > slots.get(mentor, 0) for mentor, count in used.items()):
            continue
        chosen = [s for s in choice if s is not None]
        value = (len(chosen), round(sum(s.score for s in chosen), 3))
        best = max(best, value)
    return best


MENTORS = ("M1", "M2", "M3")


@st.composite
def instances(draw: st.DrawFn) -> tuple[dict[str, list[Scored]], dict[str, int]]:
    slots = {mentor: draw(st.integers(0, 2)) for mentor in MENTORS}
    allowed = {}
    for mentee in [f"T{i}" for i in range(draw(st.integers(1, 5)))]:
        mentors = draw(st.lists(st.sampled_from(MENTORS), unique=True, max_size=3))
        allowed[mentee] = [scored(m, draw(st.integers(-5, 10)) / 2) for m in mentors]
    return allowed, slots


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_assignment_equals_brute_force_and_respects_capacities(
    instance: tuple[dict[str, list[Scored]], dict[str, int]],
) -> None:
    allowed, slots = instance
    result = assign(allowed, slots)
    used = Counter(s.mentor_id for s in result.pairs.values())
    assert all(count <= slots[mentor] for mentor, count in used.items())
    assert all(s in allowed[mentee] for mentee, s in result.pairs.items())
    assert (len(result.pairs), result.total) == brute_force(allowed, slots)
