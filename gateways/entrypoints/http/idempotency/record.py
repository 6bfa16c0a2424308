"""The idempotency record: an aggregate per (caller, key) holding the print and the response."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

RECORD_NAMESPACE = UUID("0c5e2a8f-61d4-4f0b-a0a4-5c2f7b3e9d12")


class IdempotencyRecord(Aggregate):
    """One Idempotency-Key of one caller: the request it was first used for, and its response.

    ``owner`` names the ledger instance running the request (see ``ledger.Owner``);
    ``claimed_at`` (epoch seconds) starts the key's time to live, ``leased_at`` its lease.
    Records written before those fields existed have them empty (0 / ""): they fall back to
    the event timestamps.
    """

    class Claimed(Aggregate.Created):
        """The key was first used, for the request with this fingerprint."""

        scope: str
        key: str
        request_print: str
        owner: str = ""
        at: float = 0.0

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            """Claims recorded before owners: no instance, no claim time (event time is used)."""
            state["owner"] = ""
            state["at"] = 0.0

    class Reclaimed(Aggregate.Event):
        """The key was claimed again: its claim was abandoned, or the key had expired."""

        request_print: str
        owner: str
        at: float
        renewed: bool

    class ResponseRecorded(Aggregate.Event):
        """The first request's response, to be replayed to retries."""

        status: int
        body: str
        headers: dict[str, str]

    @staticmethod
    def create_id(
        scope: str, key: str, request_print: str, owner: str = "", at: float = 0.0
    ) -> UUID:
        """Deterministic, so two workers claiming the same key collide on version 1."""
        return record_id(scope, key)

    @event(Claimed)
    def __init__(
        self, scope: str, key: str, request_print: str, owner: str = "", at: float = 0.0
    ) -> None:
        self.scope = scope
        self.key = key
        self.request_print = request_print
        self.owner = owner
        self.claimed_at = at
        self.leased_at = at
        self.response: StoredResponse | None = None

    @event(Reclaimed)
    def reclaim(self, request_print: str, owner: str, at: float, renewed: bool) -> None:
        """Take the claim over (``renewed``: the key expired, so it starts afresh)."""
        self.request_print = request_print
        self.owner = owner
        self.leased_at = at
        if renewed:
            self.claimed_at = at
            self.response = None

    @event(ResponseRecorded)
    def record_response(self, status: int, body: str, headers: dict[str, str]) -> None:
        """Keep the response of the first request."""
        self.response = StoredResponse(status, body, headers)


class StoredResponse:
    """A response as it was sent: status, body text and the headers worth replaying."""

    def __init__(self, status: int, body: str, headers: dict[str, str]) -> None:
        self.status = status
        self.body = body
        self.headers = headers


def record_id(scope: str, key: str) -> UUID:
    """The aggregate id of a caller's key."""
    return uuid5(RECORD_NAMESPACE, scope + "\n" + key)
