"""The ledger of Idempotency-Keys: an eventsourcing Application on the configured store.

It works on every store (memory, SQLite, Kafka) because it only relies on what every
eventsourcing recorder guarantees: a second version 1 of the same aggregate is an IntegrityError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from gateways.entrypoints.http.idempotency.fingerprint import command_id
from gateways.entrypoints.http.idempotency.record import (
    IdempotencyRecord,
    StoredResponse,
    record_id,
)
from gateways.entrypoints.http.problems import HttpProblem

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Claim:
    """Permission to run a command: its id, or the response to replay instead."""

    command_id: UUID
    replay: StoredResponse | None


class IdempotencyLedger(Application):
    """Claims keys and keeps first responses, durably and across workers."""

    name = "HttpIdempotency"
    lease = timedelta(seconds=30)

    def claim(self, scope: str, key: str, request_print: str) -> Claim:
        """Claim ``key`` for this request, or learn it is a retry (422 if of another request)."""
        record = self._get(scope, key)
        if record is None:
            try:
                self.save(IdempotencyRecord(scope=scope, key=key, request_print=request_print))
                return Claim(command_id(scope, key, request_print), None)
            except IntegrityError:
                record = self._get(scope, key)
                assert record is not None
        if record.request_print != request_print:
            raise HttpProblem(
                422, "idempotency-key-reused",
                "this Idempotency-Key was used for a different request",
            )
        if record.response is None and datetime.now(UTC) - record.modified_on < self.lease:
            raise HttpProblem(
                409, "idempotency-key-in-use",
                "a request with this Idempotency-Key is still in progress; retry shortly",
                headers={"Retry-After": "1"},
            )
        log.info("idempotent_retry", replayed=record.response is not None)
        return Claim(command_id(scope, key, request_print), record.response)

    def keep_response(self, scope: str, key: str, response: StoredResponse) -> StoredResponse:
        """Record the first response for the key; if another worker won, theirs is returned."""
        record = self._get(scope, key)
        if record is None:
            return response
        if record.response is None:
            record.record_response(response.status, response.body, response.headers)
            try:
                self.save(record)
            except IntegrityError:
                record = self._get(scope, key)
        return record.response if record and record.response else response

    def _get(self, scope: str, key: str) -> IdempotencyRecord | None:
        try:
            record: IdempotencyRecord = self.repository.get(record_id(scope, key))
        except AggregateNotFoundError:
            return None
        assert isinstance(record, IdempotencyRecord)
        return record
