"""Python 3.11's ``isinstance`` against a runtime-checkable Protocol, made as cheap as 3.12's.

The eventsourcing library checks every aggregate it saves and every event it stores against
``runtime_checkable`` Protocols (``DomainEventProtocol``, ``CollectEventsProtocol``,
``CanMutateProtocol``): about ten checks a command. On Python 3.11 each check lists the
protocol's members afresh (``typing._get_protocol_attrs`` walks the protocol's classes and
their dictionaries), 5-10 µs a check; Python 3.12 lists them once, when the protocol class is
made (CPython gh-74690). Under load that listing was 11% of the Kafka writer's samples in a
GIL-only profile (docs/benchmarks.md, "Seventh pass").

``remember_protocol_members`` gives 3.11 what 3.12 does: each protocol's members are listed
the first time one is checked, and remembered. A protocol class does not change its members
once made, so every check answers as before.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Callable

MembersOf = Callable[[type], typing.AbstractSet[str]]

FIXED_IN = (3, 12)
"""From this Python on, typing lists a protocol's members once, by itself."""


def remember_protocol_members(version: tuple[int, ...] = sys.version_info[:2]) -> bool:
    """Remember each protocol's members in this process (on a Python before 3.12). True when
    typing remembers them now (installed by this call or an earlier one); False on a Python
    that does it by itself, which is left as it is. Call it once, before serving."""
    if version >= FIXED_IN:
        return False
    listing: MembersOf = typing._get_protocol_attrs  # type: ignore[attr-defined]
    if getattr(listing, "remembers", False):
        return True
    typing._get_protocol_attrs = remembered(listing)  # type: ignore[attr-defined]
    return True


def remembered(listing: MembersOf) -> MembersOf:
    """``listing``, each class's answer kept after its first call."""
    known: dict[type, frozenset[str]] = {}

    def members(cls: type) -> frozenset[str]:
        found = known.get(cls)
        if found is None:  # two threads may both list it: the same answer either way
            found = known[cls] = frozenset(listing(cls))
        return found

    members.remembers = True  # type: ignore[attr-defined]
    members.__wrapped__ = listing  # type: ignore[attr-defined]
    return members
