"""Protocol checks on Python 3.11: each protocol's members listed once, every answer as before."""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import pytest
from eventsourcing.domain import Aggregate, CollectEventsProtocol, DomainEventProtocol
from typer.testing import CliRunner

from gateways.entrypoints.cli.main import app
from gateways.protocol_checks import remember_protocol_members

OLD_PYTHON = (3, 11)


@runtime_checkable
class Named(Protocol):
    name: str

    def greet(self) -> str: ...


class Conforming:
    name = "Ada"

    def greet(self) -> str:
        return "hello"


class Nameless:
    def greet(self) -> str:
        return "hello"


class Team(Aggregate):
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.fixture(autouse=True)
def typing_restored() -> Iterator[None]:
    """Each test starts from typing's own listing, and leaves it as it found it."""
    before = typing._get_protocol_attrs  # type: ignore[attr-defined]
    original = getattr(before, "__wrapped__", before)
    typing._get_protocol_attrs = original  # type: ignore[attr-defined]
    yield
    typing._get_protocol_attrs = before  # type: ignore[attr-defined]


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> Counter[type]:
    """How often typing's own listing runs, per protocol class."""
    counted: Counter[type] = Counter()
    listing = typing._get_protocol_attrs  # type: ignore[attr-defined]

    def counting(cls: type) -> typing.AbstractSet[str]:
        counted[cls] += 1
        found: typing.AbstractSet[str] = listing(cls)
        return found

    monkeypatch.setattr(typing, "_get_protocol_attrs", counting)
    return counted


def test_a_protocol_s_members_are_listed_once_however_often_it_is_checked(
    listings: Counter[type],
) -> None:
    remember_protocol_members(OLD_PYTHON)
    for _ in range(5):
        isinstance(Nameless(), Named)
        isinstance(Conforming(), Named)
    assert listings[Named] == 1


def test_without_it_python_3_11_lists_the_members_at_every_check(
    listings: Counter[type],
) -> None:
    for _ in range(5):
        isinstance(Nameless(), Named)
    assert listings[Named] >= 5


def test_checks_answer_as_before_for_objects_that_conform_and_ones_that_do_not() -> None:
    team = Team("core")
    event = team.collect_events()[0]
    cases = [(Conforming(), Named), (Nameless(), Named), (team, DomainEventProtocol),
             (event, DomainEventProtocol), (team, CollectEventsProtocol),
             (event, CollectEventsProtocol)]
    before = [isinstance(value, protocol) for value, protocol in cases]
    remember_protocol_members(OLD_PYTHON)
    assert [isinstance(value, protocol) for value, protocol in cases] == before
    assert before == [True, False, False, True, True, False]


def test_remembering_twice_wraps_typing_once() -> None:
    assert remember_protocol_members(OLD_PYTHON)
    first = typing._get_protocol_attrs  # type: ignore[attr-defined]
    assert remember_protocol_members(OLD_PYTHON)
    assert typing._get_protocol_attrs is first  # type: ignore[attr-defined]


def test_a_python_that_lists_members_once_by_itself_is_left_as_it_is() -> None:
    own = typing._get_protocol_attrs  # type: ignore[attr-defined]
    assert not remember_protocol_members((3, 12))
    assert typing._get_protocol_attrs is own  # type: ignore[attr-defined]


def test_every_mentoring_command_remembers_protocol_members() -> None:
    result = CliRunner().invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    assert getattr(typing._get_protocol_attrs, "remembers", False)  # type: ignore[attr-defined]
