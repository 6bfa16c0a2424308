"""Finding the brokers a writer talks to: partition leaders and transaction/group coordinators.

Control requests (metadata, coordinators, producer ids) wait for their answer and retry
retriable errors until the connect timeout; they run only while no transaction is in flight.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from kafka.errors import AuthorizationError, for_code
from kafka.protocol.consumer import ListOffsetsRequest
from kafka.protocol.metadata import (
    ApiVersionsRequest,
    FindCoordinatorRequest,
    MetadataRequest,
)

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import BrokerUnavailableError, KafkaAuthorisationError
from gateways.stores.kafka.protocol.wire import BrokerConnection, ConnectionLostError

T = TypeVar("T")

TRANSACTION_VERSION = "transaction.version"
GROUP_COORDINATOR, TRANSACTION_COORDINATOR = 0, 1


class RetriableError(Exception):
    """A broker answer worth asking again (coordinator moving, leader not elected yet)."""


def check(code: int, what: str, principal: str = "this client") -> None:
    """Raise the broker's error for a non-zero code; retriable ones as RetriableError, refusals
    by the broker's ACLs as KafkaAuthorisationError."""
    if code:
        error = for_code(code)
        if issubclass(error, AuthorizationError):
            raise KafkaAuthorisationError(
                f"{principal} is not authorised: {what} refused ({error.__name__}, error {code})"
            )
        message = f"{what}: {error.__name__} (error {code})"
        if getattr(error, "retriable", False):
            raise RetriableError(message)
        raise error(message)


class Cluster:
    """Connections to the brokers of KAFKA_BOOTSTRAP_SERVERS, by address and purpose."""

    def __init__(self, config: KafkaStoreConfig) -> None:
        self.config = config
        self._connections: dict[tuple[str, str], BrokerConnection] = {}
        self._leaders: dict[str, str] = {}
        self.features: dict[str, int] = {}
        self.api_versions: dict[int, int] = {}  # the highest version of each API the broker knows
        self.cluster_id = ""  # as the metadata answers name it (learnt with a leader)
        self.topic_ids: dict[str, str] = {}  # a topic deleted and created again has a new id
        self._control = ""

    def bootstrap(self) -> None:
        """Connect to the first bootstrap server that answers; learn the finalized features."""
        errors = []
        for address in self.config.bootstrap_servers.split(","):
            try:
                connection = self.connection(address.strip(), "control")
                answer = connection.request(
                    ApiVersionsRequest[3](
                        client_software_name="mentoring-kafka-store", client_software_version="1"
                    )
                )
            except ConnectionLostError as error:
                errors.append(str(error))
                continue
            check(answer.error_code, "ApiVersions", self.principal)
            self.features = {
                feature.name: feature.max_version_level for feature in answer.finalized_features
            }
            self.api_versions = {api.api_key: api.max_version for api in answer.api_keys}
            self._control = address.strip()
            return
        raise BrokerUnavailableError(
            f"no Kafka broker of {self.config.bootstrap_servers} (KAFKA_BOOTSTRAP_SERVERS) "
            f"answered: {'; '.join(errors)}"
        )

    @property
    def principal(self) -> str:
        return self.config.security.principal

    def control(self) -> BrokerConnection:
        return self.connection(self._control, "control")

    def connection(self, address: str, purpose: str) -> BrokerConnection:
        """One connection per broker and purpose (requests of a purpose stay in order)."""
        key = (address, purpose)
        existing = self._connections.get(key)
        if existing is None or existing.closed:
            host, _, port = address.rpartition(":")
            existing = BrokerConnection(
                host,
                int(port),
                client_id=f"{self.config.transactional_id}.{purpose}",
                timeout=max(self.config.write_timeout, self.config.connect_timeout),
                security=self.config.security,
                connect_timeout=self.config.connect_timeout,
            )
            self._connections[key] = existing
        return existing

    def leader(self, topic: str) -> str:
        """The address of the leader of the topic's only partition."""
        if topic not in self._leaders:
            what = f"finding the leader of {topic}"
            self._leaders[topic] = self.retrying(what, self._leader, topic)
        return self._leaders[topic]

    def last_stable_offset(self, topic: str) -> int:
        """Where read_committed reading of the topic's only partition ends now."""
        leader = self.leader(topic)
        return self.retrying(f"listing the end of {topic}", self._list_offsets, leader, topic)

    def coordinator(self, key: str, key_type: int) -> str:
        """The address of the transaction (1) or group (0) coordinator for key."""
        return self.retrying(f"finding the coordinator of {key}", self._coordinator, key, key_type)

    def retrying(self, what: str, action: Callable[..., T], *args: Any) -> T:
        """Run action, asking again on retriable answers until the connect timeout."""
        deadline = time.monotonic() + self.config.connect_timeout
        delay = 0.02
        while True:
            try:
                return action(*args)
            except RetriableError as error:
                if time.monotonic() > deadline:
                    raise BrokerUnavailableError(
                        f"{what} at {self.config.bootstrap_servers} did not succeed within "
                        f"{self.config.connect_timeout:g}s: {error}"
                    ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()
        self._leaders.clear()

    def _leader(self, topic: str) -> str:
        answer = self.control().request(
            MetadataRequest[12](
                topics=[MetadataRequest.MetadataRequestTopic(name=topic, topic_id=None)],
                allow_auto_topic_creation=False,
                include_topic_authorized_operations=False,
            )
        )
        brokers = {broker.node_id: f"{broker.host}:{broker.port}" for broker in answer.brokers}
        (found,) = answer.topics
        check(found.error_code, f"metadata of {topic}", self.principal)
        self.cluster_id = str(answer.cluster_id or "")
        self.topic_ids[topic] = str(found.topic_id or "")
        for partition in found.partitions:
            if partition.partition_index == 0:
                check(partition.error_code, f"metadata of {topic}", self.principal)
                if partition.leader_id in brokers:
                    leader = brokers[partition.leader_id]
                    self._list_offsets(leader, topic)  # a new topic's leader may not know yet
                    return leader
        raise RetriableError(f"{topic} has no leader yet")

    def _list_offsets(self, leader: str, topic: str) -> int:
        """Ask the leader itself for the partition's last stable offset (read_committed end)."""
        Topic = ListOffsetsRequest.ListOffsetsTopic
        answer = self.connection(leader, "control").request(
            ListOffsetsRequest[8](
                replica_id=-1,
                isolation_level=1,
                topics=[
                    Topic(
                        name=topic,
                        partitions=[
                            Topic.ListOffsetsPartition(
                                partition_index=0, current_leader_epoch=-1, timestamp=-1
                            )
                        ],
                    )
                ],
            )
        )
        (found,) = answer.topics
        (partition,) = found.partitions
        check(partition.error_code, f"the leader of {topic}", self.principal)
        return int(partition.offset)

    def _coordinator(self, key: str, key_type: int) -> str:
        answer = self.control().request(
            FindCoordinatorRequest[4](key_type=key_type, coordinator_keys=[key])
        )
        (found,) = answer.coordinators
        check(found.error_code, f"coordinator of {key}", self.principal)
        return f"{found.host}:{found.port}"
