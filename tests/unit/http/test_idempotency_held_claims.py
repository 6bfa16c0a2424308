"""Claims held in memory on a single-writer store, and responses kept many in one save."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from gateways.entrypoints.http.idempotency.keeper import ResponseKeeper
from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.entrypoints.http.idempotency.record import StoredResponse
from gateways.entrypoints.http.problems import HttpProblem

CREATED = StoredResponse(201, '{"n":1}', {"content-type": "application/json"})


def single_writer_ledger(path: Path) -> IdempotencyLedger:
    """A ledger on a SQLite file that behaves as on a single-writer store (Kafka)."""
    ledger = IdempotencyLedger(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
    })
    ledger.single_writer = True
    return ledger


@pytest.fixture
def ledger(tmp_path: Path) -> IdempotencyLedger:
    return single_writer_ledger(tmp_path / "ledger.db")


def events_in(ledger: IdempotencyLedger) -> int:
    return ledger.recorder.max_notification_id() or 0


def refusal(ledger: IdempotencyLedger, request_print: str = "p") -> str:
    with pytest.raises(HttpProblem) as refused:
        ledger.claim("s", "k", request_print)
    return refused.value.rule


def count_saves(ledger: IdempotencyLedger) -> list[int]:
    """The number of events of each atomic insert the ledger makes from now on."""
    sizes: list[int] = []
    insert = ledger.recorder.insert_events

    def counted(events: Any, **kwargs: Any) -> Any:
        sizes.append(len(events))
        return insert(events, **kwargs)

    ledger.recorder.insert_events = counted  # type: ignore[method-assign,assignment]
    return sizes


def test_a_claim_on_a_single_writer_store_writes_nothing_until_its_response(
    ledger: IdempotencyLedger,
) -> None:
    assert ledger.claim("s", "k", "p").replay is None
    assert events_in(ledger) == 0
    ledger.keep_response("s", "k", CREATED)
    assert events_in(ledger) == 2  # the claim and its response, in one save


def test_a_claim_held_in_memory_is_in_use_for_a_retry_of_the_same_request(
    ledger: IdempotencyLedger,
) -> None:
    ledger.claim("s", "k", "p")
    assert refusal(ledger) == "idempotency-key-in-use"


def test_a_claim_held_in_memory_refuses_the_key_for_another_request(
    ledger: IdempotencyLedger,
) -> None:
    ledger.claim("s", "k", "p")
    assert refusal(ledger, "other") == "idempotency-key-reused"


def test_a_released_claim_is_claimed_again_at_once(ledger: IdempotencyLedger) -> None:
    ledger.claim("s", "k", "p")
    ledger.release("s", "k")
    assert ledger.claim("s", "k", "p").replay is None


def test_a_claim_held_past_its_lease_is_taken_over(ledger: IdempotencyLedger) -> None:
    ledger.claim("s", "k", "p")
    ledger.lease = ledger.lease * 0
    assert ledger.claim("s", "k", "p").replay is None


def test_a_kept_response_is_replayed_by_a_later_process(tmp_path: Path) -> None:
    first = single_writer_ledger(tmp_path / "ledger.db")
    first.claim("s", "k", "p")
    first.keep_response("s", "k", CREATED)
    first.close()
    replay = single_writer_ledger(tmp_path / "ledger.db").claim("s", "k", "p").replay
    assert replay is not None and (replay.status, replay.body) == (201, '{"n":1}')


def test_responses_kept_together_are_saved_in_one_atomic_save(
    ledger: IdempotencyLedger,
) -> None:
    for key in ("a", "b", "c"):
        ledger.claim("s", key, "p")
    sizes = count_saves(ledger)
    kept = ledger.keep_responses([("s", key, CREATED) for key in ("a", "b", "c")])
    assert (sizes, [k.body for k in kept if isinstance(k, StoredResponse)]) == (
        [6], ['{"n":1}'] * 3,
    )


def test_a_response_kept_after_another_won_is_the_first_response(tmp_path: Path) -> None:
    ledger = IdempotencyLedger(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "l.db"),
    })
    ledger.claim("s", "k", "p")
    ledger.keep_response("s", "k", CREATED)
    later = StoredResponse(201, '{"n":2}', {})
    assert ledger.keep_responses([("s", "k", later)])[0] is not later


def test_the_keeper_answers_each_waiting_request_once_its_response_is_recorded(
    ledger: IdempotencyLedger,
) -> None:
    keys = [f"k{n}" for n in range(20)]
    for key in keys:
        ledger.claim("s", key, "p")
    keeper = ResponseKeeper(ledger)

    async def keep_all() -> list[StoredResponse]:
        return await asyncio.gather(*(keeper.keep("s", key, CREATED) for key in keys))

    kept = asyncio.run(keep_all())
    keeper.close()
    assert ([k.body for k in kept], events_in(ledger)) == (['{"n":1}'] * 20, 40)
