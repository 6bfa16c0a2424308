"""The scheduler service tests, run again on the real Kafka store."""

from tests.services.test_scheduling import *  # noqa: F403
