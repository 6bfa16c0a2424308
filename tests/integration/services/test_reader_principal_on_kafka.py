"""The service on the secure broker as the `reader` principal: it reads, it never writes.

The broker's ACLs let `reader` read the store's topics only (deploy/kafka/broker.sh --secure);
a command is refused with the store's one-line authorisation error and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateways.stores.kafka.errors import KafkaAuthorisationError
from services.mentoring import MentoringService
from tests.integration.kafka_store.secure_broker import (
    delete_secure_topics,
    secure_prefix,
    secure_store_env,
)
from tests.services.scenario import Scenario


@pytest.fixture
def prefix(unique_name: str) -> Iterator[str]:
    """Topics of this test's own on the secure broker, deleted afterwards."""
    name = secure_prefix(unique_name)
    yield name
    delete_secure_topics(name)


def head_as(principal: str, prefix: str) -> int:
    """The log's last notification id, read by a service as the principal."""
    service = MentoringService(env=secure_store_env(principal, prefix))
    try:
        return service.recorder.max_notification_id() or 0
    finally:
        service.close()


def test_a_command_as_the_reader_principal_is_refused_in_one_line_and_writes_nothing(
    prefix: str,
) -> None:
    writer = MentoringService(env=secure_store_env("writer", prefix))
    try:
        Scenario(writer).hire("E1")
    finally:
        writer.close()
    written = head_as("writer", prefix)

    reader = MentoringService(env=secure_store_env("reader", prefix))
    try:
        assert reader.recorder.max_notification_id() == written  # reading is allowed
        with pytest.raises(KafkaAuthorisationError) as caught:
            Scenario(reader).hire("E2")
    finally:
        reader.close()

    message = str(caught.value)
    assert "user 'reader' is not authorised" in message and "\n" not in message, message
    assert head_as("writer", prefix) == written > 0
