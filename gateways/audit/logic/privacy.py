"""Private event fields (memo text, kickoff answers, reasons, ...): for the pair and admins only.

Auditors see that such an event happened, who recorded it and when, but not the text. Which
fields are private is declared by the event classes themselves (``private_fields``, see
``domain.base``): the stored topic is resolved to its class and the declaration read, so
nothing here names an event. A topic that no longer resolves (an event renamed or moved
without an alias), or a class that declares nothing, may hold any text: every field but the
common ones is then redacted.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventsourcing.utils import resolve_topic

from domain.employees import ERASED

REDACTED = "[private]"

COMMON_FIELDS = frozenset({
    "originator_id", "originator_version", "originator_topic", "timestamp", "class_version",
    "actor", "effective_date",
})
"""Fields every event has; never private (who, when, which aggregate, which schema)."""


@lru_cache(maxsize=1024)
def declared_private(topic: str) -> frozenset[str] | None:
    """The private fields the event class of ``topic`` declares; None if it declares none.

    None (rather than the empty set) means the topic does not resolve to an event class
    of the domain, so nothing is known about its fields.
    """
    try:
        cls = resolve_topic(topic)
    except Exception:  # the library's TopicError, or a module that fails to import
        return None
    declared = getattr(cls, "private_fields", None)
    return declared if isinstance(declared, frozenset) else None


def is_private(topic: str, name: str) -> bool:
    """Whether field ``name`` of an event stored under ``topic`` is hidden from auditors."""
    if name in COMMON_FIELDS:
        return False
    declared = declared_private(topic)
    return declared is None or name in declared


def redact(topic: str, state: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``state`` with the private fields of ``topic`` replaced by REDACTED; a field
    whose owner's key was destroyed shows ``[erased]`` (it is unreadable to everyone)."""
    return {
        name: REDACTED if value != ERASED and is_private(topic, name) else value
        for name, value in state.items()
    }
