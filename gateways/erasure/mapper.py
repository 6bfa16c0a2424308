"""The eventsourcing mapper that seals private fields on write and opens them on read.

``ShreddingMapper`` is the library's ``Mapper`` plus three things:

* writing an event whose class has a sealing rule (``owners.rule_for``), each of its sealed
  fields that holds a value is replaced by a box sealed under its owners' keys (created on
  first need); every other event is stored exactly as before;
* reading, a box is opened with the owners' keys, or reads as ``ERASED`` once one is gone;
  plain values (events written before sealing) are read as they are;
* writing ``Employee.PersonalDataErased`` destroys the person's keys first (their erasure
  happens even if the save then fails; the retried command records it), and reading it
  drops them from this process's cache.

A mapper class is bound to its key store (``mapper_topic``), since the library builds mappers
from a topic (``MAPPER_TOPIC``) with no other argument.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import register_topic, resolve_topic

from domain.employees import ERASED, Employee
from gateways.erasure.keys import CachedKeys
from gateways.erasure.owners import SealingRule, rule_for
from gateways.erasure.sealing import MARK, Unopenable, is_sealed, open_sealed, seal

MARKER_BYTES = f'"{MARK}"'.encode()


class ShreddingMapper(Mapper[UUID]):
    """Seals the private fields of the events that have them under per-person keys."""

    keys: ClassVar[CachedKeys]

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """The stored event, its private fields sealed (and an erasure's keys destroyed)."""
        cls = type(domain_event)
        if cls is Employee.PersonalDataErased:
            self.keys.destroy(domain_event.hris_id)  # type: ignore[attr-defined]
        rule = rule_for(cls)
        if rule is None:
            return super().to_stored_event(domain_event)
        sealed = object.__new__(cls)
        object.__setattr__(sealed, "__dict__", self._sealed_state(rule, vars(domain_event)))
        return super().to_stored_event(sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The domain event, its sealed fields opened (``ERASED`` where a key is gone)."""
        event = super().to_domain_event(stored_event)
        cls = type(event)
        if cls is Employee.PersonalDataErased:
            self.keys.forget(event.hris_id)  # type: ignore[attr-defined]
        rule = rule_for(cls)
        if rule is not None:
            state = vars(event)
            for name in rule.fields:
                value = state.get(name)
                if is_sealed(value):
                    state[name] = self.open_value(name, value, ERASED)
        return event

    @staticmethod
    def sealed_fields(topic: str) -> frozenset[str]:
        """The fields events stored under ``topic`` may hold sealed."""
        try:
            rule = rule_for(resolve_topic(topic))
        except Exception:  # a topic that no longer resolves
            return frozenset()
        return frozenset() if rule is None else rule.fields

    def open_value(self, name: str, box: dict[str, Any], erased: Any) -> Any:
        """What the box of field ``name`` holds, or ``erased`` when it cannot be opened."""
        try:
            return open_sealed(name, box, self.keys.lookup)
        except Unopenable:
            return erased

    def open_state(self, state: bytes, erased: Any = None) -> bytes:
        """A stored JSON state with its boxes opened (``erased`` where a key is gone): for
        readers of raw states (the projector's set-based routes). States with no box are
        returned as they are, without parsing."""
        if MARKER_BYTES not in state:
            return state
        loaded = json.loads(state)
        for name, value in loaded.items():
            if is_sealed(value):
                loaded[name] = self.open_value(name, value, erased)
        return json.dumps(loaded, separators=(",", ":")).encode()

    def _sealed_state(self, rule: SealingRule, state: dict[str, Any]) -> dict[str, Any]:
        sealed = dict(state)
        owners = None
        for name in rule.fields:
            value = sealed.get(name)
            if value is None or is_sealed(value):
                continue
            if owners is None:
                owners = rule.owners(state)
                keys = [self.keys.sealing_key(owner) for owner in owners]
            sealed[name] = seal(name, value, owners, keys)
        return sealed


_BOUND: dict[str, str] = {}
_LOCK = threading.Lock()


def mapper_topic(name: str, keys: Callable[[], CachedKeys]) -> str:
    """The ``MAPPER_TOPIC`` of a ``ShreddingMapper`` bound to the key store ``keys()`` opens,
    registered under ``name`` once per process (the same name gives the same mapper class,
    and ``keys`` is called only the first time; stores connect on first use)."""
    with _LOCK:
        topic = _BOUND.get(name)
        if topic is None:
            bound = type("ShreddingMapper", (ShreddingMapper,), {"keys": keys()})
            topic = f"{__name__}:ShreddingMapper[{name}]"
            register_topic(topic, bound)
            _BOUND[name] = topic
        return topic


def release_idle_key_stores() -> None:
    """Close the Kafka clients of every Kafka key store bound in this process (each holds a
    consumer and a producer with their network threads); each reconnects on its next use, so a
    process that opens many logs, such as a test run, need not keep them all."""
    from gateways.erasure.kafka_keys import KafkaKeyStore

    with _LOCK:
        bound = [resolve_topic(topic) for topic in _BOUND.values()]
    for mapper in bound:
        if isinstance(mapper.keys.store, KafkaKeyStore):
            mapper.keys.close()
