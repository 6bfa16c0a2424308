"""The matching scorer: each reason's points, and the weights a program may set."""

from __future__ import annotations

import dataclasses

import pytest

from domain.errors import InvalidValue
from domain.matching import MatchingWeights, PairFacts, pair_topic, score_pair

FACTS = PairFacts(
    mentor_id="M1", mentor_topics=("sales", "pricing"), wanted_topics=("sales", "hiring"),
    free_slots=1, capacity=2, mentee_department="Sales", mentor_department="Sales",
    mentee_level=3, mentor_level=5, mentee_location="Lyon", mentor_location="Paris",
)


def points(facts: PairFacts, weights: MatchingWeights = MatchingWeights()) -> dict[str, float]:
    return {reason.name: reason.points for reason in score_pair(facts, weights).reasons}


def test_the_topic_match_earns_the_share_of_wanted_topics_the_mentor_offers() -> None:
    assert points(FACTS)["topic_match"] == 1.5


def test_free_capacity_earns_the_share_of_slots_free() -> None:
    assert points(FACTS)["free_capacity"] == 0.5


def test_another_department_earns_the_cross_department_weight_only_when_it_differs() -> None:
    assert "cross_department" not in points(FACTS)
    moved = dataclasses.replace(FACTS, mentor_department="Finance")
    assert points(moved, MatchingWeights(cross_department=2.5))["cross_department"] == 2.5


def test_the_level_gap_earns_its_full_weight_at_the_target_and_less_away_from_it() -> None:
    assert points(FACTS)["level_gap"] == 1.0
    assert points(dataclasses.replace(FACTS, mentor_level=6))["level_gap"] == 0.667


def test_the_same_location_earns_the_location_weight() -> None:
    assert "location" not in points(FACTS)
    assert points(dataclasses.replace(FACTS, mentor_location="Lyon"))["location"] == 0.5


def test_each_past_decline_of_this_mentee_costs_the_penalty() -> None:
    assert points(dataclasses.replace(FACTS, past_declines=2))["past_declines"] == -4.0


def test_the_score_is_the_sum_of_its_reasons() -> None:
    scored = score_pair(dataclasses.replace(FACTS, past_declines=1), MatchingWeights())
    assert scored.score == round(sum(reason.points for reason in scored.reasons), 3)


def test_the_pair_works_on_the_first_wanted_topic_the_mentor_offers() -> None:
    assert pair_topic(dataclasses.replace(FACTS, wanted_topics=("hiring", "pricing"))) == "pricing"
    assert pair_topic(dataclasses.replace(FACTS, wanted_topics=())) == "sales"


@pytest.mark.parametrize("field", ["topic", "location", "past_decline"])
def test_a_negative_weight_is_refused(field: str) -> None:
    with pytest.raises(InvalidValue):
        MatchingWeights(**{field: -1.0})  # type: ignore[arg-type]


def test_an_infinite_weight_is_refused() -> None:
    with pytest.raises(InvalidValue):
        MatchingWeights(topic=float("inf"))
