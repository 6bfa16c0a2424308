"""The local index: version rules, selection, and dense notification ids."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from gateways.stores.kafka.event_columns import EventColumns
from gateways.stores.kafka.index import EventIndex, Staged, TrackingIndex
from gateways.stores.kafka.records import DecodedEvent

A = uuid.uuid4()


def events(*versions: int, originator: uuid.UUID = A) -> list[StoredEvent]:
    return [StoredEvent(originator, v, f"T{v}", b"{}") for v in versions]


def indexed(*versions: int, contiguous: bool = True) -> EventIndex:
    index = EventIndex(contiguous=contiguous)
    batch = events(*versions)
    index.append(zip(batch, range(len(batch)), strict=True), next_offset=len(batch), last_hash=None)
    return index


def test_a_taken_version_is_refused() -> None:
    with pytest.raises(IntegrityError, match="already recorded"):
        indexed(1, 2).check(events(2), Staged())


def test_a_version_that_skips_ahead_is_refused_in_an_event_log() -> None:
    with pytest.raises(IntegrityError, match="not the next version"):
        indexed(1, 2).check(events(4), Staged())


def test_a_version_that_skips_ahead_is_accepted_for_snapshots() -> None:
    indexed(5, contiguous=False).check(events(10), Staged())


def test_duplicates_inside_one_batch_are_refused() -> None:
    with pytest.raises(IntegrityError):
        EventIndex(contiguous=True).check(events(1, 1), Staged())


def test_a_new_originator_may_start_at_any_version() -> None:
    EventIndex(contiguous=True).check(events(0, 1, 2), Staged())


def test_versions_staged_earlier_in_the_group_count_as_taken() -> None:
    index, staged = indexed(1), Staged()
    index.check(events(2), staged)
    index.stage(events(2), staged)

    with pytest.raises(IntegrityError):
        index.check(events(2), staged)
    index.check(events(3), staged)


def test_selects_versions_after_gt_up_to_lte_newest_first() -> None:
    selected = indexed(1, 2, 3, 4).select_events(A, gt=1, lte=3, desc=True, limit=1)

    assert [e.originator_version for e in selected] == [3]


def test_the_offset_after_a_notification_is_that_of_the_next_one() -> None:
    index = indexed(1, 2, 3)

    assert index.offset_after(1) == 1
    assert index.offset_after(3) == 3


def test_tracking_must_move_forward() -> None:
    tracking = TrackingIndex()
    tracking.apply("up", 5)

    with pytest.raises(IntegrityError):
        tracking.check("up", 5, {})
    tracking.check("up", 6, {})


def read_from_log(*versions: int, originator: uuid.UUID = A) -> EventIndex:
    """An index filled the way a reader fills it: columns decoded from the log."""
    index = EventIndex(contiguous=True)
    count = len(versions)
    columns = EventColumns(
        offsets=list(range(count)),
        originator_ids=[str(originator)] * count,
        versions=list(versions),
        topics=[f"T{v}" for v in versions],
        states=[b"{}"] * count,
        notification_ids=list(range(1, count + 1)),
        last_hash="f" * 64,
    )
    index.extend(columns, next_offset=count + 1)
    return index


def test_a_version_read_from_the_log_is_taken_for_the_writer() -> None:
    with pytest.raises(IntegrityError, match="already recorded"):
        read_from_log(1, 2).check(events(2), Staged())


def test_events_read_from_the_log_are_selected_by_originator_with_uuid_ids() -> None:
    [event] = read_from_log(1, 2).select_events(A, gt=1)

    assert (event.originator_id, event.originator_version) == (A, 2)


def test_events_appended_after_a_selection_are_found_by_originator() -> None:
    index = read_from_log(1)
    index.select_events(A)
    index.append([(events(2)[0], 5)], next_offset=6, last_hash=None)

    assert [e.originator_version for e in index.select_events(A)] == [1, 2]


def test_reading_the_log_moves_the_chain_head_and_the_next_offset() -> None:
    index = read_from_log(1, 2)

    assert (index.last_hash, index.next_offset) == ("f" * 64, 3)


def test_the_notification_ids_offset_is_looked_up_in_the_index() -> None:
    index = read_from_log(1, 2, 3)

    assert [index.offset_of(n) for n in (1, 3, 4)] == [0, 2, None]


def fetching_index(fetched: list[int], *, event_cache_size: int) -> EventIndex:
    """An index whose records come from a fake broker (which notes the offsets asked)."""

    def fetch(offsets: object) -> dict[int, DecodedEvent]:
        asked = sorted(offsets)  # type: ignore[call-overload]
        fetched.extend(asked)
        return {
            offset: DecodedEvent(StoredEvent(A, offset + 1, f"T{offset + 1}", b"{}"), None, None,
                                 offset)
            for offset in asked
        }

    return EventIndex(contiguous=True, fetch=fetch, event_cache_size=event_cache_size)


def test_events_beyond_the_event_cache_are_fetched_from_the_log_by_offset() -> None:
    fetched: list[int] = []
    index = fetching_index(fetched, event_cache_size=2)
    batch = events(1, 2, 3, 4)
    index.append(zip(batch, range(4), strict=True), next_offset=4, last_hash=None)

    selected = index.select_events(A)

    assert [e.originator_version for e in selected] == [1, 2, 3, 4]
    assert fetched == [0, 1]  # versions 3 and 4 were still cached


def test_a_fetched_event_is_cached_for_the_next_read() -> None:
    fetched: list[int] = []
    index = fetching_index(fetched, event_cache_size=2)
    batch = events(1, 2, 3)
    index.append(zip(batch, range(3), strict=True), next_offset=3, last_hash=None)
    index.select_events(A, lte=1)

    index.select_events(A, lte=1)

    assert fetched == [0]


def test_an_aggregate_evicted_from_the_head_cache_is_still_checked_against_the_file() -> None:
    index = EventIndex(contiguous=True, index_cache_size=1)
    for originator in (A, uuid.uuid4(), uuid.uuid4()):
        batch = events(1, 2, originator=originator)
        index.append(zip(batch, range(2), strict=True), next_offset=2, last_hash=None)

    with pytest.raises(IntegrityError, match="not the next version"):
        index.check(events(4), Staged())


def test_the_writers_rows_reach_the_file_at_the_checkpoint_and_are_seen_before() -> None:
    index = indexed(1, 2, 3)
    assert (index.file.offset_of(3), index.offset_of(3)) == (None, 2)
    with pytest.raises(IntegrityError, match="already recorded"):
        index.check(events(3), Staged())

    index.commit()

    assert index.file.offset_of(3) == 2


def half_written() -> EventIndex:
    """Versions 1-3 in the file, 4-6 still buffered by the writer."""
    index = indexed(1, 2, 3)
    index.commit()
    later = events(4, 5, 6)
    index.append(zip(later, range(3, 6), strict=True), next_offset=6, last_hash=None)
    return index


@pytest.mark.parametrize("gt", [None, 0, 2, 3, 5, 6])
@pytest.mark.parametrize("lte", [None, 1, 3, 4, 6])
@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("limit", [None, 1, 2, 4])
def test_a_selection_over_written_and_buffered_rows_is_what_the_file_gives_once_written(
    gt: int | None, lte: int | None, desc: bool, limit: int | None
) -> None:
    index, written = half_written(), half_written()
    written.commit()

    def versions(of: EventIndex) -> list[int]:
        chosen = of.select_events(A, gt=gt, lte=lte, desc=desc, limit=limit)
        return [e.originator_version for e in chosen]

    assert versions(index) == versions(written)


def test_a_selection_of_buffered_rows_does_not_write_them_to_the_file() -> None:
    index = half_written()

    assert [e.originator_version for e in index.select_events(A)] == [1, 2, 3, 4, 5, 6]
    assert index.file.offset_of(6) is None
