"""Every service behaviour, including two concurrent acceptances for one free slot, on Kafka.

The tests are the ones in tests/services; only the store differs (see conftest.py here).
"""

from tests.services.test_concurrency import *  # noqa: F403
from tests.services.test_enrolment import *  # noqa: F403
from tests.services.test_hris import *  # noqa: F403
from tests.services.test_mentorships import *  # noqa: F403
from tests.services.test_requests import *  # noqa: F403
