"""The notification service tests (event-driven notifications, the feed), on the Kafka store."""

from tests.services.test_notifications import *  # noqa: F403
