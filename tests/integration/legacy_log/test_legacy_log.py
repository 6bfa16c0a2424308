"""A log recorded before issue 12 still loads, verifies, replays and projects to the same tables."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from gateways.audit.verify import verify_store
from projections.runner import run_projector
from services.mentoring import MentoringService
from tests.integration.legacy_log.conftest import expected_tables
from tests.integration.legacy_log.tables import table_digests

STORES = ("sqlite", "kafka")


@pytest.fixture(params=STORES)
def legacy(request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    store = request.param
    return store, request.getfixturevalue(f"{store}_env")


def test_the_recorded_log_projects_to_the_tables_it_projected_to_when_recorded(
    legacy: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    store, env = legacy
    run_projector(env, tmp_path / "analytics.duckdb")
    digests, expected = table_digests(tmp_path / "analytics.duckdb"), expected_tables(store)
    assert {name: digests[name] for name in expected if name in digests} == expected
    # Tables added since the recording hold events the old log cannot have: they stay empty,
    # but for each program's matching rules and weights, derived from its launch.
    added = {name: digests[name]["rows"] for name in digests if name not in expected}
    assert added.pop("program_matching") == expected["programs"]["rows"]
    # ... and for each mentor enrolment's row of program_mentors, derived from the enrolments.
    assert added.pop("program_mentors") == expected["mentor_enrolments"]["rows"]
    assert added == dict.fromkeys(added, 0)


def test_rounds_of_the_recorded_log_project_with_no_hire_limits(
    legacy: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    _, env = legacy
    run_projector(env, tmp_path / "analytics.duckdb")
    with closing(duckdb.connect(str(tmp_path / "analytics.duckdb"), read_only=True)) as db:
        limits = db.execute(
            "SELECT count(*), count(hired_on_or_after), count(max_tenure_days) FROM program_rounds"
        ).fetchall()[0]
    assert limits[0] > 0 and limits[1:] == (0, 0)


def test_the_recorded_log_still_verifies_its_hash_chain(
    legacy: tuple[str, dict[str, str]],
) -> None:
    _, env = legacy
    with closing(MentoringService(env=env)) as service:
        verdict = verify_store(service)
    assert verdict.ok, verdict


def test_every_aggregate_of_the_recorded_log_loads_at_its_last_version(
    legacy: tuple[str, dict[str, str]],
) -> None:
    _, env = legacy
    with closing(MentoringService(env=env)) as service:
        last_versions: dict[object, int] = {}
        for notification in service.recorder.select_notifications(start=1, limit=100_000):
            last_versions[notification.originator_id] = notification.originator_version
        loaded = {
            aggregate_id: service.repository.get(aggregate_id).version
            for aggregate_id in last_versions
        }
    assert loaded == last_versions and len(loaded) > 500
