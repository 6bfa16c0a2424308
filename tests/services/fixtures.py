"""The ``service`` fixture, built from whatever ``service_env`` the including conftest gives.

Re-running the service tests on another store (e.g. the Kafka store) needs no change here:

    # tests/integration/services/conftest.py
    from tests.services.fixtures import service  # noqa: F401

    @pytest.fixture
    def service_env(kafka_bootstrap: str, unique_name: str) -> dict[str, str]:
        return {"PERSISTENCE_MODULE": "gateways.stores.kafka",
                "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
                "KAFKA_TOPIC_PREFIX": unique_name}

    # tests/integration/services/test_services_on_kafka.py
    from tests.services.test_concurrency import *  # noqa: F403
    from tests.services.test_enrolment import *  # noqa: F403
    from tests.services.test_hris import *  # noqa: F403
    from tests.services.test_mentorships import *  # noqa: F403
    from tests.services.test_requests import *  # noqa: F403

(``test_properties`` builds its own in-memory service on purpose: do not import it there.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.mentoring import MentoringService
from tests.services.scenario import Scenario


@pytest.fixture
def world(service: MentoringService) -> Scenario:
    """An empty company on the service under test, built up command by command."""
    return Scenario(service)


@pytest.fixture
def service(service_env: dict[str, str]) -> Iterator[MentoringService]:
    """A fresh mentoring service on the store ``service_env`` chooses."""
    app = MentoringService(env=service_env)
    yield app
    app.close()
