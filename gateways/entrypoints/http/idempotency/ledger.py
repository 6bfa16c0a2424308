"""The ledger of Idempotency-Keys: an eventsourcing Application on the configured store.

It works on every store (memory, SQLite, Kafka) because it only relies on what every
eventsourcing recorder guarantees: a second version N of the same aggregate is an IntegrityError.

Each ledger object is an *instance* (a uuid4 drawn at start, with its host and process id); a
claim records the instance that runs the request. A claim without a response is "in use" (409)
for ``lease`` — unless its instance is gone, when it is taken over at once (docs/http-api.md,
"Recovery after a crash"). Keys expire ``ttl`` after their claim and are then used afresh.

On a single-writer store (Kafka) a new key's claim is held in this process's memory only, and
the record is written once, claim and response in one atomic save (``keep_response``): no other
process can write while this one holds the writer, so a durable claim would tell nobody
anything, and it cost a transaction per command. A claim the request gives up without a
response is released (``release``); one left behind (a request that never finished) counts as
in use for ``lease``, like a durable one. Elsewhere (SQLite, shared by the workers of one host)
the claim is written first, as before.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from gateways.entrypoints.http.idempotency.fingerprint import command_id
from gateways.entrypoints.http.idempotency.record import (
    IdempotencyRecord,
    StoredResponse,
    record_id,
)
from gateways.entrypoints.http.problems import HttpProblem
from services.changes import replay

log = structlog.get_logger(__name__)

SINGLE_WRITER_MODULES = frozenset({"gateways.stores.kafka"})
"""Stores with one writer per application: a newer process fences every older one."""


@dataclass(frozen=True)
class Claim:
    """Permission to run a command: its id, or the response to replay instead."""

    command_id: UUID
    replay: StoredResponse | None


@dataclass(frozen=True)
class HeldClaim:
    """A claim held in memory: the request's fingerprint and when it was claimed."""

    request_print: str
    at: datetime


@dataclass(frozen=True)
class Owner:
    """A ledger instance: its id, and the host and process it runs in."""

    instance: str
    host: str
    pid: int

    @classmethod
    def here(cls) -> Owner:
        """A new instance of this process."""
        return cls(str(uuid.uuid4()), socket.gethostname(), os.getpid())

    @classmethod
    def parse(cls, text: str) -> Owner | None:
        """The owner written by ``str``; None for records older than owners."""
        parts = text.split(" ")
        if len(parts) != 3 or not parts[2].isdigit():
            return None
        return cls(parts[0], parts[1], int(parts[2]))

    def __str__(self) -> str:
        return f"{self.instance} {self.host} {self.pid}"


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (a reused id counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class IdempotencyLedger(Application):
    """Claims keys and keeps first responses, durably and across workers."""

    name = "HttpIdempotency"
    lease = timedelta(seconds=30)
    ttl = timedelta(hours=24)

    def __init__(self, env: EnvType | None = None) -> None:
        super().__init__(env)
        self.owner = Owner.here()
        self.single_writer = self.env.get("PERSISTENCE_MODULE") in SINGLE_WRITER_MODULES
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.alive: Callable[[int], bool] = process_alive
        self._held: dict[tuple[str, str], HeldClaim] = {}
        self._held_lock = threading.Lock()

    def claim(self, scope: str, key: str, request_print: str) -> Claim:
        """Claim ``key`` for this request, or learn it is a retry (422 if of another request)."""
        now = self.clock()
        record = self._get(scope, key)
        if record is None and self.single_writer:
            return self._hold(scope, key, request_print, now)
        if record is None:
            try:
                self.save(IdempotencyRecord(
                    scope=scope, key=key, request_print=request_print,
                    owner=str(self.owner), at=now.timestamp(),
                ))
                return Claim(command_id(scope, key, request_print), None)
            except IntegrityError:
                record = self._get(scope, key)
                assert record is not None
        if now - claimed_at(record) >= self.ttl:
            return self._reclaim(scope, key, request_print, record, now, renewed=True)
        if record.request_print != request_print:
            raise reused()
        if record.response is None:
            if self.is_gone(record.owner):
                return self._reclaim(scope, key, request_print, record, now, renewed=False)
            if now - leased_at(record) < self.lease:
                raise in_use()
        log.info("idempotent_retry", replayed=record.response is not None)
        return Claim(command_id(scope, key, request_print), record.response)

    def _hold(self, scope: str, key: str, request_print: str, now: datetime) -> Claim:
        """Claim a new key in memory (single-writer stores); a claim held already is in use
        (or 422 for another request) until it is released or its lease runs out."""
        with self._held_lock:
            held = self._held.get((scope, key))
            if held is not None and held.request_print != request_print:
                raise reused()
            if held is not None and now - held.at < self.lease:
                raise in_use()
            self._held[(scope, key)] = HeldClaim(request_print, now)
        return Claim(command_id(scope, key, request_print), None)

    def release(self, scope: str, key: str, held: HeldClaim | None = None) -> None:
        """Give up a claim held in memory whose request kept no response (``held``: only if
        it is still that claim); nothing to do for a durable claim (its lease or a takeover
        frees it)."""
        with self._held_lock:
            if held is None or self._held.get((scope, key)) is held:
                self._held.pop((scope, key), None)

    def is_gone(self, owner_text: str) -> bool:
        """Whether the instance that claimed a key has surely stopped.

        On a single-writer store (Kafka) every other instance is gone: this process holds
        the writer, so an older one can no longer record a response. Elsewhere (SQLite, shared
        by the workers of one host) an instance of this host whose process has exited is gone.
        """
        owner = Owner.parse(owner_text)
        if owner is None or owner.instance == self.owner.instance:
            return False
        if self.single_writer:
            return True
        return owner.host == self.owner.host and not self.alive(owner.pid)

    def _reclaim(
        self, scope: str, key: str, request_print: str, record: IdempotencyRecord,
        now: datetime, *, renewed: bool,
    ) -> Claim:
        """Take the key over; of two instances doing so at once, the second gets a 409."""
        record.reclaim(request_print, str(self.owner), now.timestamp(), renewed)
        try:
            self.save(record)
        except IntegrityError:
            raise in_use() from None
        log.info("idempotency_key_reclaimed", expired=renewed)
        return Claim(command_id(scope, key, request_print), None)

    def keep_response(self, scope: str, key: str, response: StoredResponse) -> StoredResponse:
        """Record the first response for the key; if another worker won, theirs is returned."""
        (kept,) = self.keep_responses([(scope, key, response)])
        if isinstance(kept, BaseException):
            raise kept
        return kept

    def keep_responses(
        self, responses: Sequence[tuple[str, str, StoredResponse]]
    ) -> list[StoredResponse | BaseException]:
        """Record the first response of each (scope, key), all in one atomic save; for each,
        the response on record then (another worker's, if it won). Should that save collide
        with another writer, each is recorded on its own."""
        held = [self._held_claim(scope, key) for scope, key, _ in responses]
        try:
            kept: list[StoredResponse | BaseException | None] = [None] * len(responses)
            records: dict[UUID, IdempotencyRecord] = {}
            for index, (scope, key, response) in enumerate(responses):
                record = self._with_response(scope, key, response, held[index])
                if isinstance(record, StoredResponse):
                    kept[index] = record
                elif record.id not in records:
                    records[record.id] = record
                    kept[index] = response
            try:
                self.save(*records.values())
            except IntegrityError:  # one of them collided: find out which, one by one
                kept = [None] * len(responses)
            return [
                answer if answer is not None else self._keep_alone(scope, key, response)
                for answer, (scope, key, response) in zip(kept, responses, strict=True)
            ]
        finally:
            for (scope, key, _), claim in zip(responses, held, strict=True):
                if claim is not None:
                    self.release(scope, key, claim)

    def _held_claim(self, scope: str, key: str) -> HeldClaim | None:
        with self._held_lock:
            return self._held.get((scope, key))

    def _with_response(
        self, scope: str, key: str, response: StoredResponse, held: HeldClaim | None
    ) -> IdempotencyRecord | StoredResponse:
        """The record with ``response`` recorded, to save; or the response to answer if
        there is nothing to record (no claim on record, or a response already)."""
        if held is not None:  # claimed in memory: claim and response in one save
            record = IdempotencyRecord(
                scope=scope, key=key, request_print=held.request_print, owner=str(self.owner),
                at=held.at.timestamp(),
            )
        else:
            found = self._get(scope, key)
            if found is None:
                return response
            if found.response is not None:
                return found.response
            record = found
        record.record_response(response.status, response.body, response.headers)
        return record

    def _keep_alone(
        self, scope: str, key: str, response: StoredResponse
    ) -> StoredResponse | BaseException:
        """Record one response in a save of its own; theirs if another worker won."""
        try:
            record = self._with_response(scope, key, response, self._held_claim(scope, key))
            if isinstance(record, StoredResponse):
                return record
            self.save(record)
            return response
        except IntegrityError:
            stored = self._get(scope, key)
            return stored.response if stored and stored.response else response
        except Exception as error:  # the store failed: this request answers it
            return error

    def _get(self, scope: str, key: str) -> IdempotencyRecord | None:
        try:
            record: IdempotencyRecord = self.repository.get(
                record_id(scope, key), projector_func=replay
            )
        except AggregateNotFoundError:
            return None
        assert isinstance(record, IdempotencyRecord)
        return record


def reused() -> HttpProblem:
    """The answer to a key sent again with another request."""
    return HttpProblem(
        422, "idempotency-key-reused", "this Idempotency-Key was used for a different request"
    )


def in_use() -> HttpProblem:
    """The answer to a retry of a request still running."""
    return HttpProblem(
        409, "idempotency-key-in-use",
        "a request with this Idempotency-Key is still in progress; retry shortly",
        headers={"Retry-After": "1"},
    )


def claimed_at(record: IdempotencyRecord) -> datetime:
    """When the key was (last) claimed afresh: its time to live counts from then."""
    at = getattr(record, "claimed_at", 0.0)
    return datetime.fromtimestamp(at, UTC) if at else record.created_on


def leased_at(record: IdempotencyRecord) -> datetime:
    """When the running claim was taken: its lease counts from then."""
    at = getattr(record, "leased_at", 0.0)
    return datetime.fromtimestamp(at, UTC) if at else record.modified_on
