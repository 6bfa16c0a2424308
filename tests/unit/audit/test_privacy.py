"""Which event fields auditors may not read: declared by the event classes, never by topic names.

A stored event whose topic no longer resolves (the class was renamed or moved) may hold any
text, so it shows only who, when and where; and every free-text field of the domain's events
is declared private (or is a vocabulary code, listed below).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import TopicError, get_topic, resolve_topic

import domain
from domain.base import MentoringAggregate
from domain.employees import Employee
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.vocabulary import EndReason, ExitReason
from gateways.audit.logic.entries import HistoryEntry, describe
from gateways.audit.logic.privacy import REDACTED, redact
from services.mentoring import MentoringService
from tests.unit.audit.scenario import MEMO, Story

FREE_TEXT_NAMES = frozenset({
    "text", "reason", "goals", "communication", "off_limits", "confidentiality", "description",
})
CODES: dict[tuple[type[MentoringAggregate.Event], str], type] = {
    (Employee.Left, "reason"): ExitReason,
    (Mentorship.Ended, "reason"): EndReason,
}
"""Fields with a free-text name that hold a word of the domain's vocabulary, not free text."""
PUBLIC_TEXTS = frozenset({(Program.Closed, "reason")})
"""Free texts about no person (an admin's note on why a program closed): auditors read them."""


def domain_events() -> Iterator[type[MentoringAggregate.Event]]:
    """Every event class the modules of ``domain`` define, as their topics resolve.

    The library redefines an aggregate's nested event classes; the classes first written are
    left behind as subclasses too, so only those a topic resolves to are kept.
    """
    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{module.name}")
    pending, seen = [MentoringAggregate.Event], set()
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls not in seen and cls.__module__.startswith("domain.") and _resolves_to(cls):
            seen.add(cls)
            yield cls


def _resolves_to(cls: type) -> bool:
    try:
        return resolve_topic(f"{cls.__module__}:{cls.__qualname__}") is cls
    except TopicError:
        return False


def topic_of(event_class: Any) -> str:
    """The topic events of ``event_class`` are stored under."""
    return get_topic(event_class)


def renamed(
    service: MentoringService, story: Story, topic: str, *, private: bool = False
) -> HistoryEntry:
    """The story's memo as if stored under ``topic``, a topic the code no longer knows."""
    stored = next(s for s in service.recorder.select_events(story.mentorship_id)
                  if s.topic == get_topic(Mentorship.MemoFiled))
    moved = StoredEvent(stored.originator_id, stored.originator_version, topic, stored.state)
    return describe(service.mapper, moved, None, with_raw=True, private=private)


@pytest.mark.parametrize("topic", [
    get_topic(Mentorship) + ".MemoWasFiled",
    get_topic(Mentorship.MemoFiled).replace("domain.", "domain.retired_", 1),
], ids=["renamed class", "moved module"])
def test_an_event_whose_topic_no_longer_resolves_leaks_no_field(
    service: MentoringService, story: Story, topic: str
) -> None:
    entry = renamed(service, story, topic)
    assert not entry.decoded and MEMO not in str(entry.to_json())
    assert entry.data == {"skills": REDACTED, "text": REDACTED}
    assert entry.raw is not None and entry.raw["state"]["text"] == REDACTED


def test_an_event_whose_topic_no_longer_resolves_still_shows_who_and_when(
    service: MentoringService, story: Story
) -> None:
    entry = renamed(service, story, get_topic(Mentorship) + ".MemoWasFiled")
    assert (entry.actor, entry.effective_date) == ("E2", "2024-03-01")
    assert entry.recorded_at is not None


def test_declared_private_fields_are_hidden_and_the_others_shown() -> None:
    answers = {"goals": "g", "communication": "c", "off_limits": "o", "confidentiality": "x"}
    hidden = redact(get_topic(Mentorship.KickoffAnswered), {**answers, "actor": "E2"})
    assert hidden == {**dict.fromkeys(answers, REDACTED), "actor": "E2"}


def test_an_event_that_declares_nothing_private_is_shown_whole() -> None:
    state = {"reason": "voluntary", "effective_date": "2024-06-30"}
    assert redact(get_topic(Employee.Left), state) == state


def test_an_admin_still_reads_an_unknown_events_text(
    service: MentoringService, story: Story
) -> None:
    entry = renamed(service, story, get_topic(Mentorship) + ".MemoWasFiled", private=True)
    assert entry.data["text"] == MEMO


def test_the_walk_finds_the_domains_events() -> None:
    found = set(domain_events())
    assert {Mentorship.MemoFiled, Mentorship.KickoffAnswered, Employee.Left} <= found


@pytest.mark.parametrize("event_class", sorted(domain_events(), key=topic_of), ids=topic_of)
def test_every_free_text_field_of_a_domain_event_is_declared_private(
    event_class: type[MentoringAggregate.Event],
) -> None:
    texts = {
        f.name for f in dataclasses.fields(event_class)
        if f.name in FREE_TEXT_NAMES
        and (event_class, f.name) not in CODES
        and (event_class, f.name) not in PUBLIC_TEXTS
    }
    assert texts <= event_class.private_fields, (
        f"{get_topic(event_class)} carries free text {sorted(texts - event_class.private_fields)}"
        " not declared in private_fields"
    )


@pytest.mark.parametrize(("event_class", "name"), list(CODES), ids=lambda value: str(value))
def test_each_listed_code_is_a_field_of_its_event(
    event_class: type[MentoringAggregate.Event], name: str
) -> None:
    assert name in {f.name for f in dataclasses.fields(event_class)}
