"""The single writer of an application's topics: pipelined Kafka transactions that fence elders.

The writer owns the transactional ids ``{prefix}.{app}.writer.0 .. .N-1`` (N =
KAFKA_WRITER_PRODUCERS). Acquiring them (InitProducerId) fences every earlier holder and
completes or aborts its open transactions, so after ``acquire`` nobody else can write and the
log can be read to its end.

It speaks the transaction protocol itself, with record batches built in one pass
(record_batch.py): transaction version 2 where the brokers have it (Kafka 4.0+: a produce
request adds its partitions to the transaction, and every commit bumps the producer epoch),
else the classic protocol (Kafka 3.x, Redpanda: AddPartitionsToTxn before the first produce
of a transaction, sequence numbers running on across the epoch's transactions; see
protocol/transactions.py). Transactions are pipelined: the next transaction's records are
sent, on another transactional id, while the previous one commits. The order of the records
in the log is the order of the produce requests on one connection; a transaction is committed
only after every earlier one has committed, and if one fails every later one is aborted, so
notification ids never have gaps.

Fencing is for good. The first acquisition initialises the ids afresh (InitProducerId without
a producer id: whoever held them is fenced). Every later one, after a failed transaction,
re-initialises each id *with the producer id and epoch this writer holds* (KIP-360): the
coordinator bumps the epoch only if nobody else initialised the id since, and answers
PRODUCER_FENCED otherwise. So whatever error a failed transaction got (a fence, an invalid
transaction state or concurrent transactions while a newer writer aborts it, a lost
connection), this writer can never take the ids back from a newer one. Errors that say
"someone else holds this id" (PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE)
mark the writer fenced at once, without asking again; a fenced writer never sends
InitProducerId again and refuses every later write.

A commit that was sent and never answered (connection lost, timeout), or answered
NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE (the coordinator lost the transaction log while
appending PrepareCommit, which its successor may complete), has an unknown outcome:
``CommitOutcomeUnknownError``, never "nothing was written"; the next write re-reads the log.
With transaction version 2 such a commit, completed, bumped the epoch past the one the writer
holds, and a coordinator that took over the id answers the re-initialisation PRODUCER_FENCED:
``_completed_for_us`` tells that apart from a newer writer (DescribeTransactions).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from queue import SimpleQueue
from typing import Any

import structlog
from eventsourcing.persistence import OperationalError
from kafka.errors import (
    InvalidProducerEpochError,
    InvalidTxnStateError,
    KafkaError,
    ProducerFencedError,
)
from kafka.protocol.admin.transactions import DescribeTransactionsRequest
from kafka.protocol.producer import ProduceRequest
from kafka.protocol.producer.transaction import (
    AddOffsetsToTxnRequest,
    AddPartitionsToTxnRequest,
    EndTxnRequest,
    InitProducerIdRequest,
    TxnOffsetCommitRequest,
)

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    CommitOutcomeUnknownError,
    KafkaAccessError,
    WriteFailedError,
    WriterFencedError,
)
from gateways.stores.kafka.protocol.cluster import (
    GROUP_COORDINATOR,
    TRANSACTION_COORDINATOR,
    Cluster,
    RetriableError,
    check,
)
from gateways.stores.kafka.protocol.record_batch import Producer, encode_batch, split_by_size
from gateways.stores.kafka.protocol.transactions import TransactionProtocol
from gateways.stores.kafka.protocol.wire import ConnectionLostError
from gateways.stores.kafka.records import EncodedRecord
from gateways.stores.kafka.retries import mark

log = structlog.get_logger(__name__)

CONCURRENT_TRANSACTIONS = 51  # the coordinator still completes the id's previous transaction
PRODUCER_FENCED = 90
COMPLETED = frozenset({"CompleteCommit", "CompleteAbort"})
"""Transaction states (DescribeTransactions) of a transaction the coordinator has ended."""
COMPLETING = frozenset({"PrepareCommit", "PrepareAbort"})
"""States of a transaction whose markers the coordinator is still writing: asked again."""

FENCING_ERRORS = (ProducerFencedError, InvalidProducerEpochError, InvalidTxnStateError)
"""Answers meaning another producer holds the transactional id now (a transaction of ours in an
invalid state is one a newer writer's InitProducerId aborted): the writer is fenced for good.
Any other failure leads to a re-initialisation with our producer id and epoch, which the
coordinator refuses with PRODUCER_FENCED if a newer writer took the id meanwhile."""
Sends = Sequence[tuple[str, EncodedRecord]]
Outcome = list[int] | OperationalError
"""The records' offsets (in the order sent) once committed, or why nothing was committed."""


@dataclass(frozen=True)
class ConsumerOffsets:
    """Consumer-group offsets to commit in the same transaction (send_offsets_to_transaction)."""

    offsets: dict[Any, Any]  # {TopicPartition: OffsetAndMetadata}
    group_metadata: Any  # KafkaConsumer.group_metadata(), or the group id


@dataclass(eq=False)
class Slot:
    """One transactional id: its coordinator, producer id and epoch, and whether it is free."""

    transactional_id: str
    coordinator: str
    producer_id: int = -1
    producer_epoch: int = -1
    free: threading.Event = field(default_factory=threading.Event)
    sequences: dict[str, int] = field(default_factory=dict)
    """The next sequence number per topic (partition 0) in the current producer epoch."""

    def new_epoch(self, producer_id: int, producer_epoch: int) -> None:
        if (producer_id, producer_epoch) != (self.producer_id, self.producer_epoch):
            self.sequences.clear()
        self.producer_id, self.producer_epoch = producer_id, producer_epoch


@dataclass(frozen=True)
class Produced:
    """A produce request sent: its connection, and how many records it took per topic."""

    connection: Any
    counts: list[tuple[str, int]]


def _topic_data(topic: str, batch: bytes) -> Any:
    partition = ProduceRequest.TopicProduceData.PartitionProduceData(index=0, records=batch)
    return ProduceRequest.TopicProduceData(name=topic, partition_data=[partition])


@dataclass(eq=False)
class InFlight:
    """A transaction whose records are sent and whose commit is pending."""

    slot: Slot
    sends: Sends
    requests: list[Produced]
    on_done: Callable[[Outcome], None]
    commit_sent: bool = False
    """The commit request follows the produce request on its connection (see ``begin``)."""


class TransactionalWriter:
    """Commits lists of records to the application's topics, one Kafka transaction per call."""

    def __init__(self, config: KafkaStoreConfig) -> None:
        self._config = config
        self._cluster: Cluster | None = None
        self._slots: list[Slot] = []
        self._turn = 0
        self._queue: SimpleQueue[InFlight | Callable[[], None] | None] = SimpleQueue()
        self._completer: threading.Thread | None = None
        self._in_flight = 0
        self._idle = threading.Condition()
        self.broken: OperationalError | None = None
        self.fenced_by: str | None = None
        self.protocol = TransactionProtocol.of_brokers({}, {})

    @property
    def _who(self) -> str:
        return self._config.security.principal

    @property
    def acquired(self) -> bool:
        """True while this writer owns the topics (even if a transaction failed: see broken)."""
        return self._cluster is not None

    def acquire(self) -> None:
        """Take ownership (fencing any earlier writer); safe to call again after a failure.

        Called again, it re-initialises the ids it holds with their producer id and epoch, so
        it fails with WriterFencedError, rather than fencing anyone, if a newer writer took
        one of them meanwhile.
        """
        self._refuse_if_fenced()
        self.release()
        config = self._config
        cluster = Cluster(config)
        slots = self._slots or [
            Slot(f"{config.transactional_id}.{n}", coordinator="")
            for n in range(config.writer_producers)
        ]
        try:
            cluster.bootstrap()
            self.protocol = TransactionProtocol.of_brokers(cluster.features, cluster.api_versions)
            # The ids held before first: any of them taken meanwhile means we were fenced.
            for slot in sorted(slots, key=lambda slot: slot.producer_id < 0):
                cluster.retrying(f"initialising {slot.transactional_id}", self._init, cluster, slot)
        except (KafkaError, OperationalError) as error:
            cluster.close()
            self._slots = slots  # what was learnt (producer ids, epochs) counts next time
            if isinstance(error, FENCING_ERRORS):
                raise self._fenced(str(error)) from error
            if isinstance(error, BrokerUnavailableError | KafkaAccessError):
                raise
            raise BrokerUnavailableError(
                f"could not become the writer of {config.transactional_id} at "
                f"{config.bootstrap_servers}: {error}"
            ) from error
        self._cluster, self._slots, self._turn, self.broken = cluster, slots, 0, None
        self._completer = threading.Thread(
            target=self._complete_in_order, name=f"commit {config.transactional_id}", daemon=True
        )
        self._completer.start()
        log.info(
            "kafka_writer_acquired",
            transactional_id=config.transactional_id,
            protocol=self.protocol.describe(),
        )

    def begin(
        self, sends: Sends, offsets: ConsumerOffsets | None, on_done: Callable[[Outcome], None]
    ) -> None:
        """Send the records as one transaction; ``on_done`` gets the outcome, in call order.

        Returns once the records are sent (the commit follows on the writer's own thread).
        Raises (and calls nothing) if the writer is fenced or broken: release and acquire.
        """
        self._refuse_if_fenced()
        if self.broken is not None:
            raise self._refusal()
        if offsets is not None:
            self.drain()
            on_done(self._commit_with_offsets(sends, offsets))
            return
        slot = self._next_free_slot()
        with self._idle:
            alone = self._in_flight == 0
            self._in_flight += 1
        try:
            requests = self._produce(slot, sends)
            commit_sent = alone and self._commit_right_behind(slot, requests)
        except Exception as error:
            slot.free.set()
            self._settled()
            raise self._failure(error) from error
        self._queue.put(InFlight(slot, sends, requests, on_done, commit_sent))

    def _commit_right_behind(self, slot: Slot, requests: list[Produced]) -> bool:
        """Send the commit right behind the records when that cannot commit anything wrong.

        A broker handles the requests of one connection one after the other, so a commit sent
        on the produce connection is handled after the records are appended. That is safe
        when no earlier transaction is in flight (whose failure would have to abort this one)
        and the records go to one partition (a failed produce then leaves nothing to commit;
        with two partitions, one could fail and the other be committed). Otherwise the commit
        waits for the produce answers.
        """
        (request, *others) = requests
        connection = request.connection
        if others or len(request.counts) != 1 or connection.address != slot.coordinator:
            return False
        connection.send(self._end_request(slot, commit=True))
        return True

    def drain(self) -> None:
        """Wait until every transaction in flight has its outcome."""
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0)

    @property
    def in_flight(self) -> int:
        """Transactions sent whose outcome is not known yet."""
        with self._idle:
            return self._in_flight

    def release(self) -> None:
        """Let go of the topics (after the transactions in flight are settled)."""
        if self._cluster is None:
            return
        self.drain()  # they still need the connections to commit or abort
        cluster, self._cluster = self._cluster, None
        self._queue.put(None)
        if self._completer is not None:
            self._completer.join()
        cluster.close()

    # -- the completing thread -------------------------------------------------------------

    def after_in_flight(self, callback: Callable[[], None]) -> None:
        """Call back once every transaction sent so far has its outcome (at once if none)."""
        with self._idle:
            if self._cluster is None or self._in_flight == 0:
                waiting = False
            else:
                waiting = True
                self._in_flight += 1
        if not waiting:
            callback()
            return
        self._queue.put(callback)

    def _complete_in_order(self) -> None:
        while (transaction := self._queue.get()) is not None:
            if not isinstance(transaction, InFlight):
                self._call_back(transaction)
                continue
            try:
                outcome = self._complete(transaction)
            except BaseException as error:  # never leave a caller waiting
                log.exception("kafka_commit_crashed")
                outcome = WriteFailedError(f"commit failed unexpectedly: {error}")
            try:
                transaction.on_done(outcome)
            except BaseException:
                log.exception("kafka_commit_callback_crashed")
            transaction.slot.free.set()
            self._settled()

    def _call_back(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except BaseException:
            log.exception("kafka_commit_callback_crashed")
        self._settled()

    def _settled(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def _complete(self, transaction: InFlight) -> Outcome:
        slot = transaction.slot
        if transaction.commit_sent:
            return self._complete_committed(transaction)
        try:
            offsets = self._produced(transaction.sends, transaction.requests)
        except Exception as error:
            failure = self._failure(error)
            self._end_quietly(slot, commit=False)
            return failure
        if self.broken is not None:
            self._end_quietly(slot, commit=False)
            return mark(
                WriteFailedError(
                    f"not committed: an earlier transaction to {self._config.bootstrap_servers} "
                    f"failed ({self.broken}); no event of it is visible"
                ),
                self.broken,
            )
        try:
            self._end(slot, commit=True)
        except Exception as error:
            return self._commit_failure(error)
        return offsets

    def _complete_committed(self, transaction: InFlight) -> Outcome:
        """Read the answers to records and commit sent together; fail if either failed."""
        connection = transaction.requests[0].connection
        try:
            offsets = self._produced(transaction.sends, transaction.requests)
        except Exception as error:
            if _unanswered(error):  # the commit behind the records may have been applied
                return self._commit_failure(error)
            failure = self._failure(error)
            try:  # the commit found nothing to commit; read its answer all the same
                self._ended(transaction.slot, connection.receive(), commit=True)
            except Exception as late:
                log.info("kafka_commit_answer_lost", error=str(late))
            else:
                if isinstance(error, RetriableError):
                    # e.g. NOT_ENOUGH_REPLICAS_AFTER_APPEND: the leader may have appended
                    # the records, and the commit behind them then committed them
                    return self._commit_failure(ConnectionLostError(str(error)))
            return failure
        try:
            self._ended(transaction.slot, connection.receive(), commit=True)
        except Exception as error:
            return self._commit_failure(error)
        return offsets

    # -- the protocol ------------------------------------------------------------------------

    def _init(self, cluster: Cluster, slot: Slot) -> None:
        """Become the holder of the slot's transactional id (found afresh on every try)."""
        slot.coordinator = cluster.coordinator(slot.transactional_id, TRANSACTION_COORDINATOR)
        connection = cluster.connection(slot.coordinator, "transactions")
        answer = connection.request(
            self.protocol.request(
                InitProducerIdRequest,
                transactional_id=slot.transactional_id,
                transaction_timeout_ms=int(max(self._config.write_timeout * 3, 10) * 1000),
                # -1 the first time (fence every earlier holder); ours afterwards (KIP-360: the
                # coordinator answers PRODUCER_FENCED if anyone initialised the id since)
                producer_id=slot.producer_id,
                producer_epoch=slot.producer_epoch,
            )
        )
        if answer.error_code == PRODUCER_FENCED and self._completed_for_us(connection, slot):
            slot.new_epoch(slot.producer_id, slot.producer_epoch + 1)
            slot.free.set()
            return
        check(answer.error_code, f"InitProducerId of {slot.transactional_id}", self._who)
        slot.sequences.clear()  # a new epoch (or a new producer id): sequences start at 0
        slot.new_epoch(answer.producer_id, answer.producer_epoch)
        slot.free.set()

    def _completed_for_us(self, connection: Any, slot: Slot) -> bool:
        """Whether a PRODUCER_FENCED answer to our re-initialisation only means that the
        coordinator completed our own last transaction (version 2) and forgot our epoch.

        With transaction version 2 every EndTxn bumps the epoch (E to E+1), and the coordinator
        accepts a re-initialisation with E only while it remembers E as the id's last epoch;
        that memory is not in the transaction log, so a coordinator that took over the id
        (a broker stopped or killed) answers PRODUCER_FENCED to the epoch we hold after a commit
        whose answer never came. DescribeTransactions then tells the two cases apart: our
        producer id at exactly E+1 in CompleteCommit or CompleteAbort is our own transaction,
        completed (or aborted) with the bump, and the writer goes on with E+1, as if it had
        heard the answer. Anything else (another producer id, a higher epoch, Empty or Ongoing
        at E+1: someone initialised the id since) is a newer writer, and the fence stands.

        This is safe: a newer writer's InitProducerId always leaves the id Empty at an epoch
        above E, and its own transactions end at above E+1, so CompleteCommit or CompleteAbort at
        E+1 means nobody has initialised the id since our epoch E. The writer adopts E+1 without
        another InitProducerId (one sent with E+1 would, were the id initialised meanwhile, be
        taken for a retry of that initialisation and answered with the newer writer's epoch):
        a newer writer initialising from now on bumps the epoch past E+1, and our next produce
        or commit with E+1 is refused as fenced, as after any commit of ours.
        """
        if self.protocol.classic or slot.producer_id < 0:
            return False  # the classic protocol's EndTxn bumps no epoch: a fence is a fence
        answer = connection.request(
            DescribeTransactionsRequest[0](transactional_ids=[slot.transactional_id])
        )
        (state,) = answer.transaction_states
        check(state.error_code, f"describing {slot.transactional_id}", self._who)
        ours = state.producer_id == slot.producer_id
        bumped_once = state.producer_epoch == slot.producer_epoch + 1
        if ours and bumped_once and state.transaction_state in COMPLETING:
            raise RetriableError(f"{slot.transactional_id}: {state.transaction_state}")
        completed = ours and bumped_once and state.transaction_state in COMPLETED
        log.warning(
            "kafka_reinit_fenced_described",
            transactional_id=slot.transactional_id,
            held=(slot.producer_id, slot.producer_epoch),
            found=(state.producer_id, state.producer_epoch, state.transaction_state),
            own_transaction_completed=completed,
        )
        return completed

    def _next_free_slot(self) -> Slot:
        slot = self._slots[self._turn]
        self._turn = (self._turn + 1) % len(self._slots)
        deadline = time.monotonic() + self._config.write_timeout * 2
        while not slot.free.wait(0.05):
            if self.broken is not None:
                raise self._refusal()
            if time.monotonic() > deadline:
                raise WriteFailedError(f"{slot.transactional_id} stayed busy; nothing was sent")
        slot.free.clear()
        return slot

    def _produce(self, slot: Slot, sends: Sends) -> list[Produced]:
        """Send the records; nothing is waited for.

        A produce request may hold one record batch per partition, so records beyond one
        batch's size (KAFKA_MAX_MESSAGE_BYTES) go in further requests on the same connection,
        in order, with the producer's sequence numbers continuing.
        """
        cluster = self._cluster
        assert cluster is not None
        by_topic: dict[str, list[EncodedRecord]] = defaultdict(list)
        for topic, record in sends:
            by_topic[topic].append(record)
        runs = {
            topic: split_by_size(records, self._config.max_message_bytes)
            for topic, records in by_topic.items()
        }
        by_leader: dict[str, list[str]] = defaultdict(list)
        for topic in by_topic:
            by_leader[cluster.leader(topic)].append(topic)
        if self.protocol.classic:
            self._add_partitions(slot, list(by_topic))
        now_ms = int(time.time() * 1000)
        sequences = slot.sequences  # from 0 in each epoch (version 2: in each transaction)
        produced = []
        for leader, topics in by_leader.items():
            connection = cluster.connection(leader, "produce")
            for turn in range(max(len(runs[topic]) for topic in topics)):
                data, counts = [], []
                for topic in topics:
                    if turn < len(runs[topic]):
                        run = runs[topic][turn]
                        sequence = sequences.get(topic, 0)
                        producer = Producer(slot.producer_id, slot.producer_epoch, sequence)
                        sequences[topic] = sequence + len(run)
                        data.append(_topic_data(topic, encode_batch(run, producer, now_ms)))
                        counts.append((topic, len(run)))
                connection.send(
                    self.protocol.request(
                        ProduceRequest,
                        transactional_id=slot.transactional_id,
                        acks=-1,
                        timeout_ms=int(self._config.write_timeout * 1000),
                        topic_data=data,
                    )
                )
                produced.append(Produced(connection, counts))
        return produced

    def _add_partitions(self, slot: Slot, topics: list[str]) -> None:
        """Classic protocol: add the topics' partition 0 to the slot's transaction, asking
        again while the coordinator still completes the slot's previous transaction
        (CONCURRENT_TRANSACTIONS), within KAFKA_WRITE_TIMEOUT, as Kafka's producer does. Any
        other error fails the transaction (a moved coordinator is found again by the retry
        of the whole transaction, see retries.py).

        On a connection of its own: the completing thread commits on the coordinator's
        transactions connection meanwhile.
        """
        cluster = self._cluster
        assert cluster is not None
        Topic = AddPartitionsToTxnRequest.AddPartitionsToTxnTopic
        request = self.protocol.request(
            AddPartitionsToTxnRequest,
            v3_and_below_transactional_id=slot.transactional_id,
            v3_and_below_producer_id=slot.producer_id,
            v3_and_below_producer_epoch=slot.producer_epoch,
            v3_and_below_topics=[Topic(name=topic, partitions=[0]) for topic in topics],
        )
        deadline = time.monotonic() + self._config.write_timeout
        delay = 0.005
        while True:
            answer = cluster.connection(slot.coordinator, "partitions").request(request)
            codes = {
                (topic.name, partition.partition_error_code)
                for topic in answer.results_by_topic_v3_and_below
                for partition in topic.results_by_partition
            }
            waiting = {code for _, code in codes} == {CONCURRENT_TRANSACTIONS}
            if not waiting or time.monotonic() + delay > deadline:
                for name, code in sorted(codes):
                    check(code, f"adding {name} to a transaction", self._who)
                return
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def _produced(self, sends: Sends, requests: list[Produced]) -> list[int]:
        """Wait for the produce answers; the offsets of the records in the order sent."""
        offsets_by_topic: dict[str, list[int]] = defaultdict(list)
        for request in requests:
            answer = request.connection.receive()
            bases = {}
            for topic in answer.responses:
                for partition in topic.partition_responses:
                    check(partition.error_code, f"writing to {topic.name}", self._who)
                    bases[topic.name] = partition.base_offset
            for topic, count in request.counts:  # a batch's records have consecutive offsets
                offsets_by_topic[topic].extend(range(bases[topic], bases[topic] + count))
        following = {topic: iter(offsets) for topic, offsets in offsets_by_topic.items()}
        return [next(following[topic]) for topic, _ in sends]

    def _end(self, slot: Slot, *, commit: bool) -> None:
        cluster = self._cluster
        assert cluster is not None
        connection = cluster.connection(slot.coordinator, "transactions")
        self._ended(slot, connection.request(self._end_request(slot, commit=commit)), commit=commit)

    def _end_request(self, slot: Slot, *, commit: bool) -> Any:
        return self.protocol.request(
            EndTxnRequest,
            transactional_id=slot.transactional_id,
            producer_id=slot.producer_id,
            producer_epoch=slot.producer_epoch,
            committed=commit,
        )

    def _ended(self, slot: Slot, answer: Any, *, commit: bool) -> None:
        check(answer.error_code, f"{'committing' if commit else 'aborting'} a transaction")
        if not self.protocol.classic:  # version 2: every commit or abort bumps the epoch
            slot.new_epoch(answer.producer_id, answer.producer_epoch)

    def _end_quietly(self, slot: Slot, *, commit: bool) -> None:
        try:
            self._end(slot, commit=commit)
        except Exception as error:  # the next acquire's InitProducerId aborts it anyway
            log.info("kafka_abort_skipped", slot=slot.transactional_id, error=str(error))

    def _commit_with_offsets(self, sends: Sends, offsets: ConsumerOffsets) -> Outcome:
        """Records plus consumer offsets, done start to end on this thread (pipeline drained)."""
        slot = self._next_free_slot()
        try:
            try:
                recorded = self._produced(sends, self._produce(slot, sends)) if sends else []
                self._send_offsets(slot, offsets)
            except Exception as error:
                failure = self._failure(error)
                self._end_quietly(slot, commit=False)
                return failure
            try:
                self._end(slot, commit=True)
            except Exception as error:
                return self._commit_failure(error)
            return recorded
        finally:
            slot.free.set()

    def _send_offsets(self, slot: Slot, offsets: ConsumerOffsets) -> None:
        cluster = self._cluster
        assert cluster is not None
        metadata = offsets.group_metadata
        group_id = metadata if isinstance(metadata, str) else metadata.group_id
        answer = cluster.connection(slot.coordinator, "transactions").request(
            self.protocol.request(
                AddOffsetsToTxnRequest,
                transactional_id=slot.transactional_id,
                producer_id=slot.producer_id,
                producer_epoch=slot.producer_epoch,
                group_id=group_id,
            )
        )
        check(answer.error_code, f"adding the offsets of {group_id} to a transaction", self._who)
        coordinator = cluster.coordinator(group_id, GROUP_COORDINATOR)
        by_topic: dict[str, list[Any]] = defaultdict(list)
        for partition, position in offsets.offsets.items():
            by_topic[partition.topic].append(
                TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.TxnOffsetCommitRequestPartition(
                    partition_index=partition.partition,
                    committed_offset=position.offset,
                    committed_leader_epoch=getattr(position, "leader_epoch", -1),
                    committed_metadata=position.metadata or "",
                )
            )
        answer = cluster.connection(coordinator, "groups").request(
            self.protocol.request(
                TxnOffsetCommitRequest,
                transactional_id=slot.transactional_id,
                group_id=group_id,
                producer_id=slot.producer_id,
                producer_epoch=slot.producer_epoch,
                generation_id=-1 if isinstance(metadata, str) else metadata.generation_id,
                member_id="" if isinstance(metadata, str) else metadata.member_id,
                group_instance_id=None if isinstance(metadata, str) else metadata.group_instance_id,
                topics=[
                    TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic(name=name, partitions=parts)
                    for name, parts in by_topic.items()
                ],
            )
        )
        for topic in answer.topics:
            for partition in topic.partitions:
                what = f"committing offsets of {group_id} on {topic.name}"
                check(partition.error_code, what, self._who)

    # -- failures ----------------------------------------------------------------------------

    def _failure(self, error: BaseException) -> OperationalError:
        """Mark the writer broken (or fenced) and say why the transaction was not committed."""
        if isinstance(error, FENCING_ERRORS) or "fenced" in str(error).lower():
            self.broken = self._fenced(str(error) or type(error).__name__)
            log.error("kafka_writer_fenced", transactional_id=self._config.transactional_id)
            return self.broken
        if isinstance(error, WriterFencedError):
            return error
        if isinstance(error, KafkaAccessError):  # e.g. a principal without write ACLs
            if self.broken is None:
                self.broken = error
            return error
        failure = mark(
            WriteFailedError(
                f"transaction to {self._config.bootstrap_servers} failed and was not committed "
                f"({type(error).__name__}: {error}); no event of it is visible"
            ),
            error,
        )
        if self.broken is None:
            self.broken = failure
        if isinstance(error, RetriableError | OSError | KafkaError):
            log.warning("kafka_transaction_failed", error=str(error))
        return failure

    def _commit_failure(self, error: BaseException) -> OperationalError:
        """The commit was sent; without its answer the transaction may well be in the log."""
        if not (_unanswered(error) or _coordinator_moved(error)):
            return self._failure(error)
        failure = CommitOutcomeUnknownError(
            f"a commit to {self._config.bootstrap_servers} got no answer ({type(error).__name__}: "
            f"{error}): it may or may not be in the log; the next write re-reads the log, so "
            f"retrying the same command (same Idempotency-Key) is safe"
        )
        if self.broken is None:
            self.broken = failure
        log.warning("kafka_commit_outcome_unknown", error=str(error))
        return failure

    def _refusal(self) -> OperationalError:
        """Why nothing more is sent until the writer is acquired again."""
        broken = self.broken
        if broken is None or isinstance(broken, WriterFencedError | KafkaAccessError):
            return broken or self._fenced_error()
        return mark(
            WriteFailedError(
                f"not sent: an earlier transaction to {self._config.bootstrap_servers} failed "
                f"({broken}); no event of this one is visible"
            ),
            broken,
        )

    def _refuse_if_fenced(self) -> None:
        if self.fenced_by is not None:
            raise self._fenced_error()

    def _fenced(self, reason: str) -> WriterFencedError:
        self.fenced_by = reason
        return self._fenced_error()

    def _fenced_error(self) -> WriterFencedError:
        return WriterFencedError(
            f"this writer of {self._config.transactional_id} was fenced by a newer writer "
            f"({self.fenced_by}); it will not write again: restart to read the log afresh"
        )


def _unanswered(error: BaseException) -> bool:
    """Whether a request may have been applied by the broker without our hearing its answer."""
    if isinstance(error, ConnectionLostError | OSError | TimeoutError):
        return True
    return isinstance(error, RetriableError) and "RequestTimedOutError" in str(error)


COORDINATOR_MOVED = ("NotCoordinatorError", "CoordinatorNotAvailableError")
"""Answers to a commit from a coordinator that lost the transaction log's leadership (or its
in-sync replicas) while appending PrepareCommit: the record may be replicated all the same,
and the new coordinator then completes the commit (Kafka's producer retries such a commit)."""


def _coordinator_moved(error: BaseException) -> bool:
    """Whether a commit answered with this error may have been committed after all."""
    moved = any(name in str(error) for name in COORDINATOR_MOVED)
    return isinstance(error, RetriableError) and moved
