"""The mapper that seals on write, opens on read, and destroys keys on an erasure."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import ERASED, Employee
from domain.mentorships import Mentorship
from gateways.erasure.keys import CachedKeys, MemoryKeyStore
from gateways.erasure.mapper import ShreddingMapper
from services.transcodings import register_all_transcodings

MEMO = "I learned to price a deal"
DAY = Stamp("E2", date(2024, 3, 1))


def transcoder() -> JSONTranscoder:
    """The application's transcoder."""
    coder = JSONTranscoder()
    register_all_transcodings(coder)
    return coder


def shredding(store: MemoryKeyStore) -> ShreddingMapper:
    """A mapper sealing under ``store``, with a cache of its own (one process)."""
    bound = type("Bound", (ShreddingMapper,), {"keys": CachedKeys(store)})
    mapper: ShreddingMapper = bound(transcoder=transcoder())
    return mapper


def sealed_state(event: DomainEventProtocol) -> bytes:
    """The stored state a fresh shredding mapper writes for ``event``."""
    return shredding(MemoryKeyStore()).to_stored_event(event).state


def read_back(event: DomainEventProtocol, *, erased: str | None = None) -> DomainEventProtocol:
    """``event`` written by a fresh shredding mapper and read back, after destroying the key of
    ``erased`` when given."""
    mapper = shredding(MemoryKeyStore())
    stored = mapper.to_stored_event(event)
    if erased is not None:
        mapper.keys.destroy(erased)
    return mapper.to_domain_event(stored)


def memo() -> Mentorship.MemoFiled:
    """E2's memo on a new mentorship."""
    mentorship = Mentorship.assign(mentorship_id=uuid4(), mentee_id="E2", mentor_id="E1",
                                   program_id=uuid4(), topic="sales", stamp=DAY)
    mentorship.trigger_event(Mentorship.MemoFiled, skills=("pricing",), text=MEMO, **DAY.fields)
    event = mentorship.collect_events()[-1]
    assert isinstance(event, Mentorship.MemoFiled)
    return event


def hired(group: str | None) -> Employee.Hired:
    """E2's hire with a demographic group."""
    employee = Employee.hire(hris_id="E2", department="Sales", job_level=3, manager_id=None,
                             location="Lyon", demographic_group=group,
                             stamp=Stamp(HRIS_ACTOR, date(2020, 1, 1)))
    event = employee.collect_events()[0]
    assert isinstance(event, Employee.Hired)
    return event


def erasure() -> Employee.PersonalDataErased:
    """E2's erasure."""
    employee = Employee.hire(hris_id="E2", department="Sales", job_level=3, manager_id=None,
                             location="Lyon", stamp=Stamp(HRIS_ACTOR, date(2020, 1, 1)))
    employee.erase_personal_data(reason="request 1", stamp=DAY)
    event = employee.collect_events()[-1]
    assert isinstance(event, Employee.PersonalDataErased)
    return event


def test_a_memos_stored_state_holds_no_text() -> None:
    state = sealed_state(memo())
    assert MEMO.encode() not in state and b"pricing" in state


def test_a_memo_reads_back_as_written() -> None:
    event = read_back(memo())
    assert isinstance(event, Mentorship.MemoFiled) and event.text == MEMO


def test_a_memo_reads_as_erased_once_its_owners_key_is_destroyed() -> None:
    event = read_back(memo(), erased="E2")
    assert isinstance(event, Mentorship.MemoFiled) and event.text == ERASED


def plain() -> Mapper[UUID]:
    """The library's mapper, sealing nothing (how events were stored before erasure)."""
    return Mapper[UUID](transcoder=transcoder())


def test_an_event_with_nothing_private_is_stored_as_the_plain_mapper_stores_it() -> None:
    event = hired(None)
    assert shredding(MemoryKeyStore()).to_stored_event(event) == plain().to_stored_event(event)


def test_an_old_event_stored_in_clear_reads_as_before() -> None:
    stored = plain().to_stored_event(memo())
    event = shredding(MemoryKeyStore()).to_domain_event(stored)
    assert isinstance(event, Mentorship.MemoFiled) and event.text == MEMO


def test_writing_an_erasure_destroys_the_persons_keys() -> None:
    store = MemoryKeyStore()
    mapper = shredding(store)
    mapper.to_stored_event(memo())
    mapper.to_stored_event(erasure())
    assert store.keys_of("E2") == []


def test_reading_an_erasure_drops_the_cached_keys_of_another_process() -> None:
    store = MemoryKeyStore()
    writer, reader = shredding(store), shredding(store)
    stored = writer.to_stored_event(memo())
    reader.to_domain_event(stored)  # the reader caches E2's key
    erased = writer.to_stored_event(erasure())
    reader.to_domain_event(erased)
    event = reader.to_domain_event(stored)
    assert isinstance(event, Mentorship.MemoFiled) and event.text == ERASED


def test_a_raw_state_is_opened_for_set_based_readers() -> None:
    mapper = shredding(MemoryKeyStore())
    stored = mapper.to_stored_event(hired("group-b"))
    assert json.loads(mapper.open_state(stored.state))["demographic_group"] == "group-b"


def test_an_erased_raw_state_opens_to_null() -> None:
    mapper = shredding(MemoryKeyStore())
    stored = mapper.to_stored_event(hired("group-b"))
    mapper.keys.destroy("E2")
    assert json.loads(mapper.open_state(stored.state))["demographic_group"] is None


def test_a_raw_state_without_a_box_is_returned_untouched() -> None:
    state = StoredEvent(uuid4(), 1, "t", b'{"demographic_group": null}').state
    assert shredding(MemoryKeyStore()).open_state(state) is state
