"""Originator ids as the eventsourcing API hands them out, made once per aggregate.

The index keeps each event's originator id as the record key's text; readers of
``select_notifications`` and ``select_events`` get a ``UUID`` for canonical UUID text (what the
mapper wrote) and the text itself otherwise. Parsing a UUID costs about as much as reading an
event, and a log repeats each aggregate's id for every event of it, so each is parsed once.
"""

from __future__ import annotations

import re
from uuid import UUID, SafeUUID

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_new = object.__new__
_set = object.__setattr__


def originator_id(text: str) -> UUID | str:
    """A UUID if ``text`` is exactly the canonical form of one, else the text itself."""
    if _CANONICAL_UUID.fullmatch(text):
        # What UUID(text) makes, without its __init__'s argument checks (which the match has
        # made): a third of the cost, paid once per aggregate of a log.
        uuid = _new(UUID)
        _set(uuid, "int", int(text.replace("-", ""), 16))
        _set(uuid, "is_safe", SafeUUID.unknown)
        return uuid
    return text


class OriginatorIds:
    """The originator id of each text, parsed on first sight and shared after."""

    def __init__(self) -> None:
        self._known: dict[str, UUID | str] = {}

    def of(self, texts: list[str]) -> list[UUID | str]:
        known = self._known
        for text in set(texts).difference(known):
            known[text] = originator_id(text)
        return list(map(known.__getitem__, texts))
