"""A selection of notifications as parallel lists: the bulk form of ``select_notifications``."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import Notification

_new = object.__new__


@dataclass(frozen=True, slots=True)
class NotificationColumns:
    """Notifications column by column: ``ids[i]`` goes with ``originator_ids[i]`` and so on."""

    ids: list[int]
    originator_ids: list[str]
    originator_versions: list[int]
    topics: list[str]
    states: list[bytes]

    def __len__(self) -> int:
        return len(self.ids)

    def notifications(self, originator_ids: list[UUID | str]) -> list[Notification]:
        """The same selection as Notification objects, with these originator ids (as objects)."""
        # Notification is a frozen dataclass: its __init__ sets each field through
        # object.__setattr__ (about 1.3 µs per object); filling the instance dict directly
        # builds an equal object in about a third of the time. (Each is also tracked by the
        # cyclic garbage collector; a bulk reader such as the projector pauses it.)
        made: list[Notification] = []
        append = made.append
        for number, originator_id, version, topic, state in zip(
            self.ids,
            originator_ids,
            self.originator_versions,
            self.topics,
            self.states,
            strict=True,
        ):
            notification = _new(Notification)
            fields = notification.__dict__
            fields["originator_id"] = originator_id
            fields["originator_version"] = version
            fields["topic"] = topic
            fields["state"] = state
            fields["id"] = number
            append(notification)
        return made
