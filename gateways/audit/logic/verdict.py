"""What ``audit verify`` concludes: the log is intact, or where it was first altered."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True)
class AlteredEvent:
    """The first event whose content, order or presence differs from what was recorded.

    ``position`` is where the store holds it (the Kafka offset, or the SQLite rowid);
    ``notification_id`` is the id the event claims (None when the event itself is gone).
    """

    position: int | None
    notification_id: int | None
    expected_notification_id: int
    aggregate_id: str | None
    version: int | None
    event_type: str | None
    reason: str

    def describe(self) -> str:
        """One line naming the event and what is wrong with it."""
        what = (
            f"notification {self.notification_id} ({self.event_type} of {self.aggregate_id}"
            f" v{self.version})"
            if self.notification_id is not None
            else f"notification {self.expected_notification_id}"
        )
        where = "" if self.position is None else f" at position {self.position}"
        return f"{what}{where}: {self.reason}"


@dataclass(frozen=True)
class Anchor:
    """A hash noted at an earlier audit: ``notification_id`` hashed to ``hash`` then.

    A chain alone cannot show that events were cut from its end, or that someone rewrote
    the whole chain; a noted anchor can. Written ``N:HASH`` (e.g. ``28:c11f...``).
    """

    notification_id: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """``"28:c11f..."`` -> Anchor(28, "c11f...")."""
        number, _, digest = text.partition(":")
        if not number.isdigit() or int(number) < 1 or len(digest) != 64:
            raise ValueError(f"an anchor is NOTIFICATION_ID:SHA256_HEX, not {text!r}")
        return cls(int(number), digest.lower())


@dataclass(frozen=True)
class ChainVerdict:
    """The outcome of walking a store's hash chain from its first event."""

    store: str
    log: str
    events_verified: int
    head_hash: str
    altered: AlteredEvent | None = None
    anchor_hash: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every event verified."""
        return self.altered is None

    def against(self, anchor: Anchor) -> ChainVerdict:
        """This verdict, altered if the chain no longer passes through ``anchor``."""
        if self.altered is not None:
            return self
        n = anchor.notification_id
        if self.events_verified < n:
            reason = (f"the log ends at notification {self.events_verified}, but an earlier"
                      f" audit noted notification {n}: events were removed from its end")
        elif self.anchor_hash != anchor.hash:
            reason = (f"notification {n} no longer hashes to the hash an earlier audit noted:"
                      " the chain was rewritten up to there")
        else:
            return self
        return replace(self, altered=AlteredEvent(None, None, n, None, None, None, reason))

    def to_json(self) -> dict[str, Any]:
        """The verdict as a JSON object."""
        return {**asdict(self), "ok": self.ok}

    def describe(self) -> str:
        """A short report for people."""
        if self.altered is None:
            return (
                f"OK: {self.events_verified} events of {self.store} log {self.log} verified;"
                f" note this anchor for the next audit: {self.events_verified}:{self.head_hash}"
            )
        return (
            f"ALTERED: {self.events_verified} events verified, then {self.altered.describe()}"
        )
