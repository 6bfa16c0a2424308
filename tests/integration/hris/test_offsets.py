"""The consumer-group offsets mirror the positions the store recorded."""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import workforce


def test_consumer_group_offsets_reach_the_end_of_the_topic(hris: Hris) -> None:
    feed = workforce(5)
    hris.publish(feed)
    hris.ingest()
    consumer = KafkaConsumer(
        bootstrap_servers=hris.env["MENTORING_HRIS_BOOTSTRAP"],
        group_id=hris.env["MENTORING_HRIS_GROUP_ID"],
        enable_auto_commit=False,
    )
    try:
        assert consumer.committed(TopicPartition(hris.topic, 0)) == len(feed)
    finally:
        consumer.close()
