"""The Idempotency-Key ledger: leases, abandoned claims and expiry, on a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger, Owner
from gateways.entrypoints.http.idempotency.record import StoredResponse
from gateways.entrypoints.http.problems import HttpProblem

START = datetime(2026, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def ledger_on(path: Path, clock: Clock, alive: set[int] | None = None) -> IdempotencyLedger:
    ledger = IdempotencyLedger(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
    })
    ledger.clock = clock
    if alive is not None:
        ledger.alive = lambda pid: pid in alive
    return ledger


@pytest.fixture
def clock() -> Clock:
    return Clock()


def in_use(ledger: IdempotencyLedger, key: str = "k", request_print: str = "p") -> str:
    with pytest.raises(HttpProblem) as refused:
        ledger.claim("s", key, request_print)
    return refused.value.rule


def test_a_claim_in_flight_is_in_use_until_its_lease_runs_out(
    tmp_path: Path, clock: Clock
) -> None:
    ledger = ledger_on(tmp_path / "l.db", clock)
    ledger.claim("s", "k", "p")
    assert in_use(ledger) == "idempotency-key-in-use"
    clock.now += ledger.lease
    assert ledger.claim("s", "k", "p").replay is None


def test_a_claim_of_an_instance_whose_process_is_gone_is_taken_over_at_once(
    tmp_path: Path, clock: Clock
) -> None:
    old = ledger_on(tmp_path / "l.db", clock)
    first = old.claim("s", "k", "p")
    new = ledger_on(tmp_path / "l.db", clock, alive=set())  # the old process is dead
    taken = new.claim("s", "k", "p")
    assert (taken.command_id, taken.replay) == (first.command_id, None)
    assert in_use(old) == "idempotency-key-in-use"  # now the new instance's, and it is alive
    new.keep_response("s", "k", StoredResponse(201, "{}", {}))
    assert old.claim("s", "k", "p").replay is not None


def test_a_claim_of_a_live_process_stays_in_use(tmp_path: Path, clock: Clock) -> None:
    old = ledger_on(tmp_path / "l.db", clock)
    old.claim("s", "k", "p")
    new = ledger_on(tmp_path / "l.db", clock, alive={old.owner.pid})
    assert in_use(new) == "idempotency-key-in-use"


def test_a_claim_of_another_host_waits_for_its_lease(tmp_path: Path, clock: Clock) -> None:
    ledger = ledger_on(tmp_path / "l.db", clock, alive=set())
    assert not ledger.is_gone(str(Owner("other", "elsewhere", 1)))
    assert ledger.is_gone(str(Owner("other", ledger.owner.host, 1)))
    assert not ledger.is_gone(str(ledger.owner))
    assert not ledger.is_gone("")  # records older than owners


def test_on_a_single_writer_store_every_other_instance_is_gone(
    tmp_path: Path, clock: Clock
) -> None:
    ledger = ledger_on(tmp_path / "l.db", clock)
    ledger.single_writer = True
    assert ledger.is_gone(str(Owner("other", "elsewhere", 1)))
    assert not ledger.is_gone(str(ledger.owner))


def test_two_instances_taking_over_one_claim_race_and_one_wins(
    tmp_path: Path, clock: Clock
) -> None:
    ledger_on(tmp_path / "l.db", clock).claim("s", "k", "p")
    first = ledger_on(tmp_path / "l.db", clock, alive=set())
    second = ledger_on(tmp_path / "l.db", clock, alive=set())
    stale = second._get("s", "k")
    assert first.claim("s", "k", "p").replay is None
    assert stale is not None
    with pytest.raises(HttpProblem) as refused:
        second._reclaim("s", "k", "p", stale, clock(), renewed=False)
    assert refused.value.rule == "idempotency-key-in-use"


def test_a_key_is_replayed_until_it_expires_then_treated_as_new(
    tmp_path: Path, clock: Clock
) -> None:
    ledger = ledger_on(tmp_path / "l.db", clock)
    ledger.ttl = timedelta(hours=24)
    first = ledger.claim("s", "k", "p")
    ledger.keep_response("s", "k", StoredResponse(201, '{"n":1}', {}))
    clock.now += timedelta(hours=23, minutes=59)
    assert ledger.claim("s", "k", "p").replay is not None
    assert in_use(ledger, request_print="other") == "idempotency-key-reused"
    clock.now += timedelta(minutes=1)
    renewed = ledger.claim("s", "k", "p")
    # treated as new; the same request keeps its command id, so the command log still
    # refuses a second effect of it
    assert (renewed.replay, renewed.command_id) == (None, first.command_id)
    ledger.keep_response("s", "k", StoredResponse(200, '{"n":2}', {}))
    replay = ledger.claim("s", "k", "p").replay
    assert replay is not None and replay.body == '{"n":2}'


def test_an_expired_key_may_be_used_for_another_request(tmp_path: Path, clock: Clock) -> None:
    ledger = ledger_on(tmp_path / "l.db", clock)
    ledger.ttl = timedelta(seconds=10)
    ledger.claim("s", "k", "p")
    ledger.keep_response("s", "k", StoredResponse(201, "{}", {}))
    clock.now += timedelta(seconds=10)
    assert ledger.claim("s", "k", "other").replay is None
    assert in_use(ledger, request_print="other") == "idempotency-key-in-use"


def test_the_ttl_setting_takes_seconds_or_an_iso_duration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gateways.entrypoints.http.settings import HttpSettings

    assert HttpSettings().idempotency_key_ttl == timedelta(hours=24)
    monkeypatch.setenv("MENTORING_IDEMPOTENCY_KEY_TTL", "3600")
    assert HttpSettings().idempotency_key_ttl == timedelta(hours=1)
    monkeypatch.setenv("MENTORING_IDEMPOTENCY_KEY_TTL", "P2D")
    assert HttpSettings().idempotency_key_ttl == timedelta(days=2)


def test_a_claim_recorded_before_owners_still_reads_and_waits_for_its_lease(
    tmp_path: Path, clock: Clock
) -> None:
    from eventsourcing.persistence import StoredEvent

    from gateways.entrypoints.http.idempotency.record import IdempotencyRecord, record_id

    ledger = ledger_on(tmp_path / "l.db", clock, alive=set())
    old = {"scope": "s", "key": "k", "request_print": "p",
           "timestamp": datetime.now(UTC), "originator_topic":
           "gateways.entrypoints.http.idempotency.record:IdempotencyRecord"}
    ledger.recorder.insert_events([StoredEvent(
        originator_id=record_id("s", "k"), originator_version=1,
        topic="gateways.entrypoints.http.idempotency.record:IdempotencyRecord.Claimed",
        state=ledger.mapper.transcoder.encode(old),
    )])
    record = ledger._get("s", "k")
    assert isinstance(record, IdempotencyRecord) and record.owner == ""
    clock.now = datetime.now(UTC)
    assert in_use(ledger) == "idempotency-key-in-use"  # no owner: never judged gone
    clock.now += ledger.lease
    assert ledger.claim("s", "k", "p").replay is None
