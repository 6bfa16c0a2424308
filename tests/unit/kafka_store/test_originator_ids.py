"""Originator ids from record keys: UUIDs for canonical UUID text, the text otherwise."""

from __future__ import annotations

import uuid

from gateways.stores.kafka.originator_ids import OriginatorIds, originator_id


def test_canonical_uuid_text_becomes_the_uuid_it_names() -> None:
    expected = uuid.uuid4()

    made = originator_id(str(expected))

    assert isinstance(made, uuid.UUID)
    assert (made, hash(made), str(made)) == (expected, hash(expected), str(expected))
    assert made.is_safe == uuid.UUID(str(expected)).is_safe


def test_uuid_text_in_another_form_stays_text() -> None:
    text = str(uuid.uuid4()).upper()

    assert originator_id(text) == text


def test_other_ids_stay_text() -> None:
    assert originator_id("employee-E1001") == "employee-E1001"


def test_each_aggregates_id_is_made_once_and_shared() -> None:
    text = str(uuid.uuid4())

    first, second = OriginatorIds().of([text, text])

    assert first is second
