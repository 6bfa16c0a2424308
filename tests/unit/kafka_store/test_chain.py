"""Walking a hash chain over records as any consumer reads them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import NamedTuple

from eventsourcing.persistence import StoredEvent

from gateways.stores.kafka.chain import check_chain
from gateways.stores.kafka.records import GENESIS_HASH, encode_event


class Record(NamedTuple):
    offset: int
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def chained(count: int) -> list[Record]:
    records, previous = [], GENESIS_HASH
    aggregate = uuid.uuid4()
    for number in range(1, count + 1):
        event = StoredEvent(aggregate, number, "T", b"{}")
        encoded = encode_event(
            event, recorded_at=datetime.now(UTC), notification_id=number, previous_hash=previous
        )
        previous = encoded.hash or previous
        records.append(Record(number * 2, encoded.key, encoded.value, encoded.headers))
    return records


def test_an_untouched_chain_verifies() -> None:
    assert check_chain(chained(5)).ok


def test_a_removed_record_breaks_the_chain_where_it_was() -> None:
    records = chained(5)
    del records[2]

    check = check_chain(records)

    assert not check.ok
    assert check.broken_at_offset == records[2].offset


def test_swapped_records_break_the_chain() -> None:
    records = chained(3)
    records[0], records[1] = records[1], records[0]

    assert not check_chain(records).ok
