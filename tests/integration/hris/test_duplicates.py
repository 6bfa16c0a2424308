"""Upstream duplicates (same event_id) are ignored, on both stores."""

from __future__ import annotations

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import expected_events, workforce


def test_feed_published_twice_has_each_effect_once(hris: Hris) -> None:
    feed = workforce(10)
    hris.publish(feed)
    hris.ingest()
    hris.publish(feed)
    hris.ingest()
    counts = hris.event_counts()
    assert {name: counts[name] for name in expected_events(10)} == expected_events(10)
