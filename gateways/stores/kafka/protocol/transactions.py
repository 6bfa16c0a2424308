"""Which transaction protocol the brokers speak, and the request versions the writer sends.

Transaction version 2 (KIP-890, the finalized feature ``transaction.version`` >= 2: Kafka
4.0+ with the feature enabled) lets a produce request add its partition to the transaction,
and every commit bumps the producer epoch, so sequence numbers start at 0 in each
transaction. Below it (every Kafka 3.x cluster, Redpanda) the classic protocol applies:
AddPartitionsToTxn before the first produce to a partition in a transaction, EndTxn leaves the
epoch as it is, and sequence numbers run on across the transactions of one epoch.

Each request's version is the one the writer was written for, or lower when the broker's
ApiVersions answer says it knows no higher one (kafka-python's classes encode every version).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kafka.protocol.producer import ProduceRequest
from kafka.protocol.producer.transaction import (
    AddOffsetsToTxnRequest,
    AddPartitionsToTxnRequest,
    EndTxnRequest,
    InitProducerIdRequest,
    TxnOffsetCommitRequest,
)

from gateways.stores.kafka.protocol.cluster import TRANSACTION_VERSION

_WANTED_V2 = {
    ProduceRequest.API_KEY: 12,
    EndTxnRequest.API_KEY: 5,
    InitProducerIdRequest.API_KEY: 5,
    AddOffsetsToTxnRequest.API_KEY: 4,
    TxnOffsetCommitRequest.API_KEY: 4,
    AddPartitionsToTxnRequest.API_KEY: 3,
}
"""With transaction version 2: Produce v12 and EndTxn v5 (the commit answers the new epoch)."""

_WANTED_CLASSIC = {
    **_WANTED_V2,
    ProduceRequest.API_KEY: 11,  # v12 asks for the implicit partition add of version 2
    EndTxnRequest.API_KEY: 4,  # v5 asks for an epoch bump at each commit
    AddPartitionsToTxnRequest.API_KEY: 3,  # the last version clients send (v4+: brokers')
}


@dataclass(frozen=True)
class TransactionProtocol:
    """The transaction protocol of a cluster and the version of each request the writer sends."""

    version: int
    """The finalized ``transaction.version`` (0 when the brokers have no such feature)."""
    versions: dict[int, int]
    """Request version by API key."""

    @classmethod
    def of_brokers(
        cls, features: dict[str, int], api_versions: dict[int, int]
    ) -> TransactionProtocol:
        """The protocol for brokers with these finalized features and highest API versions
        (an empty ``api_versions``: the writer's own versions)."""
        version = features.get(TRANSACTION_VERSION, 0)
        wanted = _WANTED_V2 if version >= 2 else _WANTED_CLASSIC
        chosen = {key: min(want, api_versions.get(key, want)) for key, want in wanted.items()}
        return cls(version, chosen)

    @property
    def classic(self) -> bool:
        """AddPartitionsToTxn before producing; no epoch bump at commit."""
        return self.version < 2

    def request(self, kind: Any, **fields: object) -> Any:
        """``kind`` (a kafka-python request class) at the version chosen for it."""
        return kind[self.versions[kind.API_KEY]](**fields)

    def describe(self) -> str:
        return (
            f"transaction version {self.version}"
            f" ({'classic: AddPartitionsToTxn' if self.classic else 'implicit partition adds'})"
        )
