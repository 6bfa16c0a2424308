"""Snapshots of aggregates: their state at one version, so a load replays only the events after.

The library's ``Snapshot`` stores ``vars(aggregate)`` as it is, which JSON cannot carry for our
aggregates (sets, tuples, dicts keyed by UUID, frozen dataclasses, enums). ``MentoringSnapshot``
stores the state through ``encode_state``, a tagged JSON-safe form that ``decode_state`` turns
back into equal values; dates, datetimes, UUIDs and decimals are left to the application's
transcoder. ``EmployeeSnapshot`` also lifts the demographic group out of the state into a field
of its own, which the erasure mapper seals under the person's key like ``Employee.Hired``'s:
a snapshot never holds personal data in clear, and reads as erased once the key is destroyed.
"""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Snapshot

TAG = "~t"
"""The key marking an encoded value that JSON has no form for (a plain dict never has it)."""


def topic_of(cls: type) -> str:
    """``module:Qualified.Name`` of a class."""
    return f"{cls.__module__}:{cls.__qualname__}"


def class_of(topic: str) -> type:
    """The class a ``topic_of`` names."""
    module, _, qualname = topic.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    assert isinstance(found, type)
    return found


def encode_state(value: Any) -> Any:
    """A JSON-safe form of ``value`` (TypeError for a value it cannot carry)."""
    if value is None or isinstance(value, bool | int | float) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return {TAG: "enum", "c": topic_of(type(value)), "v": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [encode_state(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "v": [encode_state(item) for item in value]}
    if isinstance(value, set | frozenset):
        kind = "frozenset" if isinstance(value, frozenset) else "set"
        return {TAG: kind, "v": [encode_state(item) for item in value]}
    if isinstance(value, dict):
        return _encode_dict(value)
    if _is_scalar_for_transcoder(value):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {TAG: "obj", "c": topic_of(type(value)), "v": _encode_dict(_fields_of(value))}
    raise TypeError(f"cannot snapshot a value of type {type(value).__qualname__}")


def decode_state(value: Any) -> Any:
    """The value ``encode_state`` encoded."""
    if isinstance(value, list):
        return [decode_state(item) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value.get(TAG)
    if kind is None:
        return {key: decode_state(item) for key, item in value.items()}
    if kind == "dict":
        return {decode_state(key): decode_state(item) for key, item in value["v"]}
    if kind == "tuple":
        return tuple(decode_state(item) for item in value["v"])
    if kind == "set":
        return {decode_state(item) for item in value["v"]}
    if kind == "frozenset":
        return frozenset(decode_state(item) for item in value["v"])
    if kind == "enum":
        return class_of(value["c"])(value["v"])
    if kind == "obj":
        instance: Any = object.__new__(class_of(value["c"]))
        for name, item in decode_state(value["v"]).items():
            object.__setattr__(instance, name, item)
        return instance
    raise ValueError(f"unknown snapshot value tag {kind!r}")


def _encode_dict(value: dict[Any, Any]) -> Any:
    if all(isinstance(key, str) and not isinstance(key, Enum) for key in value) and (
        TAG not in value
    ):
        return {key: encode_state(item) for key, item in value.items()}
    return {TAG: "dict", "v": [[encode_state(k), encode_state(v)] for k, v in value.items()]}


def _fields_of(value: Any) -> dict[str, Any]:
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}


def _is_scalar_for_transcoder(value: Any) -> bool:
    """Dates, datetimes, UUIDs and decimals: the application's transcoder carries them."""
    return isinstance(value, date | UUID | Decimal)


S = TypeVar("S", bound=Snapshot)


def rebuilt(cls: type[S], snapshot: Snapshot, state: Any, **fields: Any) -> S:
    """A snapshot of class ``cls`` at ``snapshot``'s aggregate and version, holding ``state``."""
    return cls(
        originator_id=snapshot.originator_id,
        originator_version=snapshot.originator_version,
        timestamp=snapshot.timestamp,
        topic=snapshot.topic,
        state=state,
        **fields,
    )


@dataclasses.dataclass(frozen=True)
class MentoringSnapshot(Snapshot):
    """A snapshot whose state is stored in ``encode_state``'s JSON-safe form."""

    @classmethod
    def take(cls, aggregate: Any) -> MentoringSnapshot:
        """The aggregate's state at its current version."""
        taken = Snapshot.take(aggregate)
        return rebuilt(cls, taken, encode_state(taken.state))

    def mutate(self, _: None) -> Any:
        """The aggregate the snapshot holds."""
        return rebuilt(Snapshot, self, decode_state(self.state)).mutate(None)


SEALED_STATE = "demographic_group"
"""The personal field of an employee's state, kept out of the state and sealed on its own."""


@dataclasses.dataclass(frozen=True)
class EmployeeSnapshot(MentoringSnapshot):
    """An employee's snapshot: ``demographic_group`` apart, sealed under ``hris_id``'s key."""

    hris_id: str
    demographic_group: str | None

    @classmethod
    def take(cls, aggregate: Any) -> EmployeeSnapshot:
        """The employee's state, its demographic group in a field of its own."""
        taken = MentoringSnapshot.take(aggregate)
        state = dict(taken.state)
        group = state.pop(SEALED_STATE, None)
        return rebuilt(cls, taken, state, hris_id=aggregate.hris_id, demographic_group=group)

    def mutate(self, _: None) -> Any:
        """The employee, its demographic group as the mapper opened it (or erased)."""
        state = {**self.state, SEALED_STATE: self.demographic_group}
        return rebuilt(MentoringSnapshot, self, state).mutate(None)
