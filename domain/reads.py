"""Reads of private texts, kept as facts: who read whose memos or kickoff answers, and when.

Each read is one small aggregate with one event, so concurrent reads never conflict; its id is
derived from the request, the reader and what was read, so a retried request records once.
Auditors list them by reading the log (``gateways/entrypoints/http/private_reads.py``).
"""

from __future__ import annotations

from uuid import UUID

from domain.base import CreatedWithState, MentoringAggregate, Stamp, natural_id


class PrivateRead(MentoringAggregate):
    """One read of private texts (memo texts, kickoff answers, or an admin's unredacted audit)."""

    noun = "private read"

    class PrivateTextRead(CreatedWithState):
        """``actor`` (the reader, through a key of ``role``) read the private texts of
        ``subject`` (a mentorship's id, an aggregate's id, or an employee's HRIS id) by
        ``route``; ``mentorship_id`` is set when the subject is a mentorship, and ``concerns``
        names the employees whose texts they are, when known."""

        role: str
        route: str
        subject: str
        mentorship_id: UUID | None
        concerns: tuple[str, ...]
        request_id: str

    @staticmethod
    def id_for(request_id: str, reader: str, subject: str) -> UUID:
        """The id of the read a request of ``reader`` made of ``subject``."""
        return natural_id("private-read", request_id, reader, subject)

    @classmethod
    def record(
        cls,
        *,
        role: str,
        route: str,
        subject: str,
        mentorship_id: UUID | None,
        concerns: tuple[str, ...],
        request_id: str,
        stamp: Stamp,
    ) -> PrivateRead:
        """Record that the stamp's actor read the private texts of ``subject``."""
        return cls._create(
            cls.PrivateTextRead,
            id=cls.id_for(request_id, stamp.actor, subject),
            role=role,
            route=route,
            subject=subject,
            mentorship_id=mentorship_id,
            concerns=tuple(concerns),
            request_id=request_id,
            **stamp.fields,
        )
