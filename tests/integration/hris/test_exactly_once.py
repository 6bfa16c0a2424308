"""Exactly once: a consumer that dies anywhere between reading and recording loses nothing and
duplicates nothing, on both stores."""

from __future__ import annotations

import random
import signal
from collections.abc import Callable
from typing import Any

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import expected_events, workforce
from tests.integration.hris.processes import run_ingest

SIZE = 40
CRASHES = [  # (point, on which pass): die there, then start again
    ("after-effect", 9),
    ("before-effect", 6),
    ("after-effect", 23),
    ("after-checkpoint", 1),  # the feed ends with a duplicate: its position waits for it
]


def assert_each_effect_once(hris: Hris, read_topic: Callable[..., list[Any]]) -> None:
    counts = hris.event_counts()
    assert {name: counts[name] for name in expected_events(SIZE)} == expected_events(SIZE)
    service = hris.service()
    try:
        levels = {service.employee(f"E{n:04d}").job_level for n in range(SIZE)}
    finally:
        service.close()
    assert levels == {3}
    letters = read_topic(f"{hris.topic}.dlq", count=3)
    assert len({letter.key for letter in letters}) == 3  # at-least-once: distinct by key


def test_consumer_dying_between_writing_and_committing_loses_and_duplicates_nothing(
    hris: Hris, read_topic: Callable[..., list[Any]]
) -> None:
    hris.publish(workforce(SIZE))
    for point, after in CRASHES:
        crash = {"MENTORING_HRIS_CRASH_POINT": point, "MENTORING_HRIS_CRASH_AFTER": str(after)}
        assert run_ingest({**hris.env, **crash}) == 137, f"no crash at {point} #{after}"
    assert run_ingest(hris.env) == 0
    assert_each_effect_once(hris, read_topic)


def test_consumer_killed_at_random_moments_loses_and_duplicates_nothing(
    hris: Hris, read_topic: Callable[..., list[Any]]
) -> None:
    hris.publish(workforce(SIZE))
    rng = random.Random(20251122)
    for _ in range(3):
        assert run_ingest(hris.env, kill_after_records=rng.randint(1, 30)) == -signal.SIGKILL
    assert run_ingest(hris.env) == 0
    assert_each_effect_once(hris, read_topic)
