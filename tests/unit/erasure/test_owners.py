"""Whose key seals which field (gateways.erasure.owners)."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.utils import get_topic

from domain.base import MentoringAggregate
from domain.employees import Employee
from domain.stories import SuccessStory
from gateways.erasure.owners import ACTOR, NEVER_SEALED, RULES, rule_for
from tests.unit.audit.test_privacy import domain_events


def topic_of(cls: object) -> str:
    """A test id."""
    assert isinstance(cls, type)
    return get_topic(cls)


@pytest.mark.parametrize("event_class", sorted(domain_events(), key=topic_of), ids=topic_of)
def test_every_declared_private_field_has_an_explicit_owner_or_is_never_sealed(
    event_class: type[MentoringAggregate.Event],
) -> None:
    explicit = RULES[event_class].fields if event_class in RULES else frozenset()
    kept_plain = NEVER_SEALED.get(event_class, frozenset())
    assert event_class.private_fields <= explicit | kept_plain


def test_the_demographic_group_of_a_hire_is_sealed_for_the_hired_person() -> None:
    rule = rule_for(Employee.Hired)
    assert rule is not None
    assert (rule.fields, rule.owners({"hris_id": "E7", "actor": "hris"})) == (
        {"demographic_group"}, ("E7",)
    )


def test_a_story_is_sealed_for_its_author_and_each_named_person_once() -> None:
    rule = rule_for(SuccessStory.Recorded)
    assert rule is not None
    assert rule.owners({"actor": "E1", "employee_ids": ("E2", "E1", "E3")}) == ("E1", "E2", "E3")


def test_the_reason_of_an_erasure_is_never_sealed() -> None:
    assert rule_for(Employee.PersonalDataErased) is None


def test_an_event_without_private_fields_has_no_rule() -> None:
    assert rule_for(Employee.Promoted) is None


def test_a_new_private_field_without_a_rule_is_sealed_under_its_actor() -> None:
    class Noted(MentoringAggregate.Event):
        private_fields = frozenset({"note"})
        note: str

    rule = rule_for(Noted)
    assert rule is not None
    assert (rule.fields, rule.owners is ACTOR) == ({"note"}, True)
    assert rule.owners({"actor": "E4", "effective_date": date(2024, 1, 1)}) == ("E4",)
