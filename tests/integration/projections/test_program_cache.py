"""The read model's program cache: a program's settings and mentor pool are read once per
read-side position, and a read at a later position never sees an earlier one's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import duckdb
import pytest

from projections.portal import mentor_pool, suggestions
from projections.portal.follower import PortalReadModel
from projections.portal.mentor_pool import ProgramCache
from services.mentoring import MentoringService
from tests.integration.projections.test_suggestions import assignment, office
from tests.services.scenario import DAY, Scenario


@contextmanager
def followed(service: MentoringService) -> Iterator[PortalReadModel]:
    """The service's portal read model, following its log."""
    model = PortalReadModel(service.recorder, service.mapper, poll_seconds=0.05)
    model.start()
    try:
        yield model
    finally:
        model.stop()


def caught_up(model: PortalReadModel, service: MentoringService) -> int:
    """Wait until the model has projected every event written; its position."""
    assert model.wait_for(service.recorder.max_notification_id() or 0, timeout=10)
    return model.position


@contextmanager
def cached(
    service: MentoringService, size: int = 64
) -> Iterator[tuple[duckdb.DuckDBPyConnection, int, ProgramCache]]:
    """A cursor of the service's caught-up read model, its position and an empty cache."""
    with followed(service) as model, model.cursor() as cursor:
        yield cursor, caught_up(model, service), ProgramCache(size)


def suggested(model: PortalReadModel, world: Scenario, position: int) -> list[str]:
    with model.cursor() as cursor:
        found, _ = suggestions.suggestions(
            cursor, world.program_id, "T1", DAY, "sales", 50, model.programs, position
        )
    return [scored.mentor_id for scored in found]


def test_a_read_at_a_later_position_leaves_out_a_mentor_filled_since() -> None:
    service, world = office()
    with followed(service) as model:
        assert suggested(model, world, caught_up(model, service)) == ["M1"]
        world.hire("T2", job_level=3)
        world.hire("T3", job_level=3)
        service.handle(assignment(world, "T2", "M1"))
        service.handle(assignment(world, "T3", "M1"))
        assert suggested(model, world, caught_up(model, service)) == []


def test_a_program_is_read_once_per_position() -> None:
    service, world = office()
    with cached(service) as (cursor, position, cache):
        first = cache.get(cursor, world.program_id, position)
        assert cache.get(cursor, world.program_id, position) is first
        assert cache.get(cursor, world.program_id, position + 1) is not first


def test_a_read_at_an_earlier_position_is_answered_by_the_newer_entry() -> None:
    service, world = office()
    with cached(service) as (cursor, position, cache):
        newer = cache.get(cursor, world.program_id, position)
        assert cache.get(cursor, world.program_id, position - 1) is newer


def test_the_cache_keeps_its_size_of_programs_dropping_the_least_recently_read() -> None:
    service, world = office()
    first_program = world.program_id
    world.program()
    with cached(service, size=1) as (cursor, position, cache):
        first = cache.get(cursor, first_program, position)
        cache.get(cursor, world.program_id, position)
        assert cache.get(cursor, first_program, position) is not first


def test_a_program_that_met_too_many_employees_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service, world = office()
    with cached(service) as (cursor, position, cache):
        first = cache.get(cursor, world.program_id, position)
        first.managers[uuid4()] = ("X", None)
        monkeypatch.setattr(mentor_pool, "MANAGERS_MET_AT_MOST", 0)
        assert cache.get(cursor, world.program_id, position) is not first


def test_the_pool_holds_the_active_mentors_with_a_free_slot_only() -> None:
    service, world = office()
    world.hire("T2", job_level=3)
    service.handle(assignment(world, "T2", "M2"))
    with followed(service) as model, model.cursor() as cursor:
        caught_up(model, service)
        pool = mentor_pool.read_pool(cursor, world.program_id)
    held = {hris_id for group in pool.groups for hris_id in group.hris_ids}
    assert held == {"M1", "M3"}


def test_the_read_model_reads_a_program_read_before_again_before_publishing_a_write() -> None:
    service, world = office()
    with followed(service) as model:
        suggested(model, world, caught_up(model, service))
        world.hire("T2", job_level=3)
        position = caught_up(model, service)
        assert model.programs.position_of(world.program_id) == position


def test_a_program_no_longer_projected_is_dropped_by_a_refresh() -> None:
    service, world = office()
    with cached(service) as (cursor, position, cache):
        cache.get(cursor, world.program_id, position)
        cursor.execute("DELETE FROM program_matching")
        cache.refresh(cursor, position + 1)
        assert cache.position_of(world.program_id) is None


def test_a_mentee_the_round_refuses_is_answered_without_reading_the_mentor_pool() -> None:
    service, world = office()
    with followed(service) as model, model.cursor() as cursor:
        position = caught_up(model, service)
        found, why = suggestions.suggestions(
            cursor, world.program_id, "NOBODY", DAY, None, 10, model.programs, position
        )
        assert (found, why is not None) == ([], True)
        assert not model.programs.get(cursor, world.program_id, position).pool_read
