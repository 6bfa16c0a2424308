"""Malformed messages go to the dead-letter topic with their reason; the consumer goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line

BAD_KINDS: list[Callable[[int], bytes]] = [
    lambda n: f"not json {n}".encode(),
    lambda n: line("fired", f"X{n}", f"bad-{n}", "2024-01-01"),
    lambda n: line("left", f"X{n}", f"bad-{n}", "2024-01-01"),  # no reason
    lambda n: line("left", f"X{n}", f"bad-{n}", "2024-02-30", reason="voluntary"),
    lambda n: b"\xff\xfe" + str(n).encode(),  # not UTF-8
]


def test_thousand_malformed_messages_are_dead_lettered_and_valid_ones_recorded(
    hris: Hris, read_topic: Callable[..., list[Any]]
) -> None:
    bad = [BAD_KINDS[n % len(BAD_KINDS)](n) for n in range(1000)]
    good = [line("hired", f"E{n}", f"h{n}", "2024-01-02") for n in range(25)]
    feed = bad[:]
    for n, hire in enumerate(good):  # one valid hire after every 40 bad messages
        feed.insert(n * 41 + 40, hire)
    hris.publish(feed)
    hris.ingest()
    letters = read_topic(f"{hris.topic}.dlq", count=1000)
    assert sorted(letter.value for letter in letters) == sorted(bad)
    assert all(dict(letter.headers)["dlq.reason"] for letter in letters)
    assert hris.event_counts()["Employee.Hired"] == 25


def test_dead_letter_reasons_name_what_is_wrong(
    hris: Hris, read_topic: Callable[..., list[Any]]
) -> None:
    hris.publish([kind(0) for kind in BAD_KINDS])
    hris.ingest()
    letters = read_topic(f"{hris.topic}.dlq", count=len(BAD_KINDS))
    reasons = {letter.value: dict(letter.headers)["dlq.reason"].decode() for letter in letters}
    assert reasons[BAD_KINDS[0](0)].startswith("message: Invalid JSON")
    assert "'fired'" in reasons[BAD_KINDS[1](0)]
    assert reasons[BAD_KINDS[2](0)] == "left.reason: Field required"
    assert reasons[BAD_KINDS[3](0)].startswith("left.effective_date:")
    assert reasons[BAD_KINDS[4](0)].startswith("message: Invalid JSON")
