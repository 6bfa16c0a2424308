"""The transaction protocol and request versions chosen from the brokers' ApiVersions answer."""

from __future__ import annotations

from kafka.protocol.producer import ProduceRequest
from kafka.protocol.producer.transaction import (
    AddPartitionsToTxnRequest,
    EndTxnRequest,
    InitProducerIdRequest,
)

from gateways.stores.kafka.protocol.transactions import TransactionProtocol

PRODUCE, END_TXN = ProduceRequest.API_KEY, EndTxnRequest.API_KEY
KAFKA_4 = {PRODUCE: 13, END_TXN: 5, InitProducerIdRequest.API_KEY: 6}
KAFKA_3_9 = {PRODUCE: 11, END_TXN: 4, InitProducerIdRequest.API_KEY: 5}


def test_brokers_with_transaction_version_2_get_implicit_partition_adds() -> None:
    protocol = TransactionProtocol.of_brokers({"transaction.version": 2}, KAFKA_4)

    assert not protocol.classic
    assert (protocol.versions[PRODUCE], protocol.versions[END_TXN]) == (12, 5)


def test_brokers_without_the_feature_get_the_classic_protocol() -> None:
    protocol = TransactionProtocol.of_brokers({"metadata.version": 21}, KAFKA_3_9)

    assert protocol.classic and protocol.version == 0
    assert (protocol.versions[PRODUCE], protocol.versions[END_TXN]) == (11, 4)
    assert protocol.versions[AddPartitionsToTxnRequest.API_KEY] == 3


def test_kafka_4_with_transaction_version_1_keeps_to_the_classic_requests() -> None:
    protocol = TransactionProtocol.of_brokers({"transaction.version": 1}, KAFKA_4)

    assert protocol.classic
    assert (protocol.versions[PRODUCE], protocol.versions[END_TXN]) == (11, 4)


def test_an_older_broker_gets_no_request_version_it_does_not_know() -> None:
    older = {PRODUCE: 9, END_TXN: 3, InitProducerIdRequest.API_KEY: 4}

    protocol = TransactionProtocol.of_brokers({}, older)

    assert protocol.versions[PRODUCE] == 9
    assert protocol.versions[InitProducerIdRequest.API_KEY] == 4
    request = protocol.request(
        EndTxnRequest, transactional_id="t", producer_id=1, producer_epoch=0, committed=True
    )
    assert request.API_VERSION == 3
