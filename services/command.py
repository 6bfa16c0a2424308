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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, dataclass_transform
from uuid import UUID

from domain.base import Stamp
from services.changes import Changes

R = TypeVar("R")
C = TypeVar("C", bound="Command[Any]")
T = TypeVar("T")
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
