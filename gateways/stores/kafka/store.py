"""One application's topics on one broker: their indexes, loading, and the single writer.

Reads are served from the indexes (SQLite files under KAFKA_STATE_DIR with a checkpoint, see
index_file.py: opening a topic reads only the log's tail past the checkpoint) and records
fetched by offset. Writes go
through ``GroupCommitter``: one thread takes every pending insert, checks it against the
indexes, and commits all acceptable ones in one Kafka transaction (group commit).
Before its first write the store acquires the writer (fencing any other) and then reads
each open topic to its end, so its indexes hold everything anyone committed before.
Reading the events topic verifies its notification ids and hash chain (chain.ChainedDecoder)
from the last verified record on, so nobody writes on top of a forged or altered record.
A writer fenced by a newer process stays fenced: it refuses writes and reads
(``refuse_if_fenced``), and ``fenced_stores`` lists it for /readyz.
"""

from __future__ import annotations

import time
import weakref
from threading import Lock

import structlog
from eventsourcing.persistence import IntegrityError

from gateways.stores.kafka.chain import ChainedDecoder
from gateways.stores.kafka.committing import GroupCommit
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    LogCorruptedError,
    WriterFencedError,
)
from gateways.stores.kafka.event_columns import EventDecoder
from gateways.stores.kafka.frontier import TrackingFrontier
from gateways.stores.kafka.group_commit import GroupCommitter
from gateways.stores.kafka.index import EventIndex, Staged, TrackingIndex
from gateways.stores.kafka.index_file import IndexFile, IndexSlot, LogIdentity
from gateways.stores.kafka.notification_stream import NotificationStream
from gateways.stores.kafka.offset_search import OffsetSearch
from gateways.stores.kafka.plan import GroupPlan, TopicLog, Tracked, WriteRequest
from gateways.stores.kafka.protocol.admin import TopicSpec, connect_admin, ensure_topics
from gateways.stores.kafka.protocol.batch_decoding import Batch, RawRecord
from gateways.stores.kafka.protocol.log_reader import read_chunks_to_end, read_to_end
from gateways.stores.kafka.protocol.partition_fetcher import FetchFailedError, PartitionFetcher
from gateways.stores.kafka.record_fetch import RecordFetcher
from gateways.stores.kafka.records import decode_tracking
from gateways.stores.kafka.writer import TransactionalWriter

log = structlog.get_logger(__name__)

FENCED_CONFLICT_WAIT = 1.0  # seconds a fenced writer watches for the versions it lost
_STORES: weakref.WeakSet[KafkaStore] = weakref.WeakSet()


def fenced_stores() -> list[KafkaStore]:
    """The stores of this process whose writer a newer process fenced (readiness asks)."""
    return [store for store in list(_STORES) if store.fenced]


class KafkaStore:
    """The shared state of all recorders of one application in one process."""

    def __init__(self, config: KafkaStoreConfig) -> None:
        self.config = config
        self.admin = connect_admin(config)
        self.tracking_index = TrackingIndex()
        self.tracking_topic: str | None = None
        self.tracking_frontier = TrackingFrontier()
        self._state_lock = Lock()  # indexes and frontiers, between planning and applying
        self._logs: dict[str, TopicLog] = {}
        self._slots: list[IndexSlot] = []
        self._fetchers: list[RecordFetcher] = []
        self._streams: dict[str, NotificationStream] = {}
        self._searches: dict[str, OffsetSearch] = {}
        self._open_lock = Lock()
        self._closed = False
        self._writer = TransactionalWriter(config)
        group_commit = GroupCommit(self, self._writer)
        self._committer = GroupCommitter(group_commit, name=config.transactional_id)
        group_commit.requeue = self._committer.retry
        _STORES.add(self)

    @property
    def fenced(self) -> str | None:
        """Why this process can never write these topics again (a newer writer), or None."""
        return self._writer.fenced_by

    def refuse_if_fenced(self) -> None:
        """Raise WriterFencedError once a newer writer fenced this one: its index is stale."""
        if self._writer.fenced_by is not None:
            raise WriterFencedError(
                f"this process was fenced by a newer writer of {self.config.transactional_id} "
                f"({self._writer.fenced_by}); it no longer has the log: restart it"
            )

    def event_log(self, purpose: str = "events") -> TopicLog:
        """The topic for a purpose: "events" is the numbered, chained log; others are compacted."""
        name = self.config.topic(purpose)
        with self._open_lock:
            if name not in self._logs:
                numbered = purpose == "events"
                self._create(TopicSpec(name, compacted=not numbered))
                topic_log = TopicLog(name, self._open_index(name, purpose, numbered), numbered)
                try:
                    self._catch_up_events(topic_log, verify_checkpoint=True)
                except BaseException:
                    topic_log.index.close()
                    raise
                with self._state_lock:
                    topic_log.frontier.reset()
                self._logs[name] = topic_log
            return self._logs[name]

    def _open_index(self, name: str, purpose: str, numbered: bool) -> EventIndex:
        """The topic's index from its file in the state directory, resumed from a usable
        checkpoint (a missing, corrupt, outdated or ahead one is emptied, to be rebuilt)."""
        config = self.config
        identity, end = self._identity(name)
        slot = IndexSlot.claim(config.state_dir, f"{config.app_name}.{purpose}")
        self._slots.append(slot)
        fetcher = RecordFetcher(config, name, numbered=numbered)
        self._fetchers.append(fetcher)
        index_file = IndexFile(slot.path)
        index = EventIndex(
            contiguous=numbered,
            file=index_file,
            identity=identity,
            fetch=fetcher.fetch,
            index_cache_size=config.index_cache_size,
            event_cache_size=config.event_cache_size,
        )
        try:
            checkpoint = index_file.load(identity, end)
        except BaseException:
            index_file.close()
            raise
        if checkpoint is not None:
            index.resume(checkpoint)
            log.info("kafka_index_checkpoint", topic=name, next_offset=checkpoint.next_offset)
        return index

    def _identity(self, topic: str) -> tuple[LogIdentity, int]:
        """Which log the topic is (cluster id, topic id) and its end (last stable offset)."""
        config = self.config
        try:
            with PartitionFetcher(config, topic) as fetcher:
                identity = LogIdentity(
                    fetcher.cluster_id, config.topic_prefix, config.app_name, topic,
                    fetcher.topic_id,
                )
                return identity, fetcher.end_offset
        except FetchFailedError as error:
            raise BrokerUnavailableError(
                f"could not read {topic} from {config.bootstrap_servers}: {error}"
            ) from error

    def stream(self, topic: str) -> NotificationStream:
        """The streaming reader of a topic (one cursor per process and topic)."""
        with self._open_lock:
            if topic not in self._streams:
                self._streams[topic] = NotificationStream(self.config, topic)
            return self._streams[topic]

    def offset_search(self, topic: str) -> OffsetSearch:
        """Where notification ids sit in a topic, found without its index (offset_search.py)."""
        with self._open_lock:
            if topic not in self._searches:
                self._searches[topic] = OffsetSearch(self.config, topic)
            return self._searches[topic]

    def create_log(self, purpose: str) -> str:
        """The topic for a purpose, created if missing, without opening its index."""
        name = self.config.topic(purpose)
        with self._open_lock:
            if name not in self._logs:
                self._create(TopicSpec(name, compacted=purpose != "events"))
        return name

    def open_tracking(self) -> None:
        """Open the tracking topic (compacted, keyed by upstream application name)."""
        with self._open_lock:
            if self.tracking_topic is None:
                self._create(TopicSpec(self.config.tracking_topic, compacted=True))
                self._catch_up_tracking(self.config.tracking_topic)
                self.tracking_topic = self.config.tracking_topic

    def write(self, request: WriteRequest) -> list[int] | None:
        """Commit the request (with whatever else is pending) or raise why it was not written.

        Retriable failures are tried again until KAFKA_WRITE_TIMEOUT from now (retries.py).
        """
        request.deadline = time.monotonic() + self.config.write_timeout
        self._committer.submit(request)
        if request.error is not None:
            raise request.error
        return request.notification_ids

    @property
    def transactions_in_flight(self) -> int:
        """Transactions this process sent whose outcome is not known yet."""
        return self._writer.in_flight

    def close(self) -> None:
        """Stop writing and let go of the connections (again: nothing)."""
        if self._closed:
            return
        self._closed = True
        _STORES.discard(self)
        self._committer.close()
        self._writer.release()
        self.admin.close()
        for stream in self._streams.values():
            stream.close()
        for search in self._searches.values():
            search.close()
        for fetcher in self._fetchers:
            fetcher.close()
        for topic_log in self._logs.values():
            topic_log.index.close()
        for slot in self._slots:
            slot.release()

    def new_plan(self) -> GroupPlan:
        """An empty group plan over this store's topics."""
        tracked = Tracked(self.tracking_topic, self.tracking_index, self.tracking_frontier)
        return GroupPlan(tracked, self.config.max_message_bytes, self._state_lock)

    def fail_fenced(self, requests: list[WriteRequest], error: WriterFencedError) -> None:
        """Fail each request with IntegrityError if the newer writer took its versions.

        The newer writer may still be committing, so the log is re-read for a short while.
        Requests whose versions stay free fail with the WriterFencedError.
        """
        deadline = time.monotonic() + FENCED_CONFLICT_WAIT
        remaining = requests
        while remaining:
            try:
                with self._open_lock:
                    self._catch_up_all()
            except Exception:
                break
            still_free = []
            for request in remaining:
                try:
                    self._check_against_log(request)
                except IntegrityError as conflict:
                    request.fail(conflict)
                else:
                    still_free.append(request)
            remaining = still_free
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for request in remaining:
            request.fail(error)

    def recorded(self, request: WriteRequest) -> tuple[bool, list[int] | None]:
        """Whether everything the request writes is in the log as it would write it (its
        transaction committed though its commit went unanswered), and its notification ids."""
        ids = None
        if request.log is not None and request.events:
            positions = request.log.index.positions_of(request.events)
            if positions is None:
                return False, None
            if request.log.numbered:
                ids = [position + 1 for position in positions]
        if request.tracking is not None:
            tracking = request.tracking
            recorded = self.tracking_index.max_tracking_id(tracking.application_name)
            if recorded != tracking.notification_id:
                return False, None
        return True, ids

    def _check_against_log(self, request: WriteRequest) -> None:
        """Raise IntegrityError if what the request writes is already in the log."""
        if request.log is not None and request.events:
            request.log.index.check(request.events, Staged())
        if request.tracking is not None:
            tracking = request.tracking
            self.tracking_index.check(tracking.application_name, tracking.notification_id, {})

    def follow(self, topic_log: TopicLog) -> None:
        """In a process that is not the writer, index what other processes committed since.

        The writer's index is always current (every commit passes through it), so it reads
        nothing; a reader (a projector, an auditor) reads from its index's end to the log's.
        """
        self.refuse_if_fenced()
        if self._writer.acquired:
            return
        with self._open_lock:
            if not self._writer.acquired:  # it may have become the writer meanwhile
                self._catch_up_events(topic_log)

    def ensure_writer(self) -> None:
        """Become the writer (fencing others) and read every open topic to its end."""
        if self._writer.acquired and self._writer.broken is None:
            return
        self._writer.release()  # after a failure: settle what is in flight, then start afresh
        self._writer.acquire()
        try:
            with self._open_lock:  # a reader's follow() must not index the same records
                self._catch_up_all()
                with self._state_lock:
                    for topic_log in self._logs.values():
                        topic_log.frontier.reset()
                    self.tracking_frontier.reset()
        except Exception:
            self._writer.release()
            raise

    def _catch_up_all(self) -> None:
        for topic_log in list(self._logs.values()):
            self._catch_up_events(topic_log)
        if self.tracking_topic is not None:
            self._catch_up_tracking(self.tracking_topic)

    def _create(self, spec: TopicSpec) -> None:
        if self.config.create_topics:
            ensure_topics(self.admin, self.config, [spec])

    def _catch_up_events(self, topic_log: TopicLog, *, verify_checkpoint: bool = False) -> None:
        """Index the log from the index's end to the log's (then write the checkpoint).

        Read on from a checkpoint, the tail must chain from the checkpoint's last hash (and,
        at open, the checkpoint's last record must carry that hash): if not, the checkpoint
        does not describe this log, and the index is rebuilt from offset 0 (logged).
        """
        index = topic_log.index
        resumed = index.resumed  # from a checkpoint file, not yet read on from
        before = (index.count, index.next_offset)
        try:
            if verify_checkpoint and resumed and topic_log.numbered:
                self._verify_last_record(topic_log)
            self._read_on(topic_log)
        except LogCorruptedError as error:
            if not resumed:
                raise
            log.warning("kafka_index_rebuilt", topic=topic_log.name, reason=str(error))
            index.reset()
            self._read_on(topic_log)
        if verify_checkpoint or (index.count, index.next_offset) != before:
            index.commit()

    def _verify_last_record(self, topic_log: TopicLog) -> None:
        """Raise LogCorruptedError unless the checkpoint's last event is in the log as indexed."""
        index = topic_log.index
        offset = index.offset_of(index.count)
        found = index.fetch([] if offset is None else [offset])
        record = None if offset is None else found.get(offset)
        if record is None or (record.hash, record.notification_id) != (
            index.last_hash, index.count
        ):
            raise LogCorruptedError(
                f"{topic_log.name}: the checkpoint's last event (notification id {index.count}, "
                f"offset {offset}) is not in the log as indexed"
            )

    def _read_on(self, topic_log: TopicLog) -> None:
        index = topic_log.index
        decoder = (
            # the events log's hash chain is verified from the last hash verified (a checkpoint)
            ChainedDecoder(
                topic_log.name,
                previous=index.last_hash,
                next_id=(index.max_notification_id() or 0) + 1,
                interned=index.interned,
            )
            if topic_log.numbered
            else EventDecoder(topic_log.name, numbered=False, interned=index.interned)
        )
        count = 0
        cold = index.count == 0

        def handle(data: bytes, batches: list[Batch]) -> None:
            nonlocal count
            for batch in batches:
                decoder.add_batch(data, batch)
            columns = decoder.take()  # numbering and hash chain checked (events log)
            index.extend(columns, next_offset=batches[-1].last_offset + 1, cache=not cold)
            count += len(columns)

        end = read_chunks_to_end(self.config, topic_log.name, index.next_offset, handle)
        index.next_offset = max(index.next_offset, end)
        if count:
            log.info(
                "kafka_topic_indexed", topic=topic_log.name, new_records=count, next_offset=end
            )

    def _catch_up_tracking(self, topic: str) -> None:
        def handle(record: RawRecord) -> None:
            tracking = decode_tracking(record)
            self.tracking_index.apply(tracking.application_name, tracking.notification_id)

        end = read_to_end(self.config, topic, self.tracking_index.next_offset, handle)
        self.tracking_index.next_offset = max(self.tracking_index.next_offset, end)
