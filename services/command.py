"""What every command carries, and the one table that maps each command type to its handler.

A command is a frozen, keyword-only dataclass (declared with ``@command``): its own fields,
plus ``stamp`` (who and when, one value), ``command_id`` (a retry with a used id has no second
effect) and, on commands that change an existing aggregate, ``expected_version`` (optimistic
concurrency, from HTTP If-Match). A handler is a function ``(command, changes) -> result``
registered with ``@handles(CommandType)``; ``MentoringService.handle`` runs it (see
``services.mentoring``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Generic, TypeVar, dataclass_transform
from uuid import UUID

from domain.base import MentoringAggregate, Stamp
from services.changes import Changes

R = TypeVar("R")
C = TypeVar("C", bound="Command[Any]")
T = TypeVar("T")
A = TypeVar("A", bound=MentoringAggregate)
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def command(cls: type[T]) -> type[T]:
    """Declare a command type (or a group of fields commands share): a frozen, keyword-only
    dataclass, so a command is a value and is built by field name."""
    return dataclass(frozen=True, kw_only=True)(cls)


@dataclass(frozen=True, kw_only=True)
class Command(Generic[R]):
    """A request to change the mentoring domain; returns an id (a ``UUID``) unless it says."""

    stamp: Stamp
    command_id: str | None = None

    @classmethod
    def type_name(cls) -> str:
        """The command's type as the command log records it, e.g. ``make_request``."""
        return _WORD_START.sub("_", cls.__name__).lower()

    def encode_result(self, result: R) -> str:
        """The result as the command log keeps it."""
        return str(result)

    def decode_result(self, text: str) -> R:
        """The result the command log kept, as the handler returned it."""
        return UUID(text)  # type: ignore[return-value]

    @property
    def actor(self) -> str:
        """Who gives the command."""
        return self.stamp.actor


@dataclass(frozen=True, kw_only=True)
class Change(Command[R]):
    """A command on an existing aggregate, optionally guarded by the version it expects."""

    expected_version: int | None = None


class BecomesCommand:
    """What an edge converts into a command (an HTTP body, an HRIS message) names the command's
    type once, as a class keyword: ``class Volunteer(CommandBody, command=VolunteerAsMentor)``."""

    command: ClassVar[type[Command[Any]] | None] = None

    def __init_subclass__(
        cls, *, command: type[Command[Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if command is not None:
            cls.command = command

    @classmethod
    def command_type(cls) -> type[Command[Any]]:
        """The command it becomes (TypeError if it names none)."""
        if cls.command is None:
            raise TypeError(f"{cls.__name__} names no command")
        return cls.command


Handler = Callable[[Any, Changes], Any]
HANDLERS: dict[type[Command[Any]], Handler] = {}
"""The one table: command type → handler. Filled by ``@handles`` as the use-case modules load."""


HandlerOf = Callable[[C, Changes], R]


def handles(command_type: type[C]) -> Callable[[HandlerOf[C, R]], HandlerOf[C, R]]:
    """Register the decorated function as the handler of ``command_type`` (one each)."""

    def register(handler: HandlerOf[C, R]) -> HandlerOf[C, R]:
        if command_type in HANDLERS:
            raise TypeError(f"{command_type.__name__} has a handler already")
        HANDLERS[command_type] = handler
        return handler

    return register


def expected_version(command: Command[Any]) -> int | None:
    """The version a ``Change`` expects of its aggregate (None: any, or not a ``Change``)."""
    return command.expected_version if isinstance(command, Change) else None


def arguments(command: Command[Any], *, but: Iterable[str] = ()) -> dict[str, Any]:
    """The command's fields as the keyword arguments of the domain method of the same names:
    ``stamp`` and the command's own fields, but not the command id, the expected version, nor
    the fields named in ``but`` (e.g. those that find the aggregate)."""
    left_out = {"command_id", "expected_version", *but}
    return {f.name: getattr(command, f.name) for f in fields(command) if f.name not in left_out}


def found_by(cls: type[A], key: str) -> Callable[[Command[Any], Changes], A]:
    """What finds a command's aggregate of class ``cls`` by the id in the command's field
    ``key``, at the version a ``Change`` expects."""

    def find(command: Command[Any], changes: Changes) -> A:
        return changes.get(cls, getattr(command, key), expected_version(command))

    return find


def handles_call(
    command_type: type[C],
    find: Callable[[C, Changes], A],
    method: Callable[..., object],
    *,
    but: Iterable[str] = (),
) -> None:
    """Register the handler of a command that is one domain method call: ``method`` on the
    aggregate ``find`` picks, with the command's ``arguments`` (``but`` those named); the
    handler returns the aggregate's id."""
    left_out = tuple(but)

    def handler(command: C, changes: Changes) -> UUID:
        aggregate = find(command, changes)
        method(aggregate, **arguments(command, but=left_out))
        return aggregate.id

    handler.__name__ = handler.__qualname__ = command_type.type_name()
    handles(command_type)(handler)
