"""Person-level SQL run by trusted analysts, kept as facts: who ran what, when, with how many rows.

Each run is one small aggregate with one event, so concurrent runs never conflict; its id is
derived from the request and the analyst, so a retried request records once. Auditors list them
by reading the log (``gateways/trusted_sql.py``).
"""

from __future__ import annotations

from uuid import UUID

from domain.base import CreatedWithState, MentoringAggregate, Stamp, natural_id


class TrustedQueryRun(MentoringAggregate):
    """One SELECT an `analyst-trusted` caller ran on the person-level analyst snapshot."""

    noun = "trusted query run"

    class Recorded(CreatedWithState):
        """``actor`` (through ``channel``: an API key's role, or the CLI) ran ``sql`` on the
        person-level snapshot up to ``snapshot_notification_id``; it answered ``row_count``
        rows (``truncated`` when more were left out)."""

        channel: str
        sql: str
        row_count: int
        truncated: bool
        snapshot_notification_id: int | None
        request_id: str

    @staticmethod
    def id_for(request_id: str, analyst: str) -> UUID:
        """The id of the run a request of ``analyst`` made."""
        return natural_id("trusted-query", request_id, analyst)

    @classmethod
    def record(
        cls,
        *,
        channel: str,
        sql: str,
        row_count: int,
        truncated: bool,
        snapshot_notification_id: int | None,
        request_id: str,
        stamp: Stamp,
    ) -> TrustedQueryRun:
        """Record that the stamp's actor ran ``sql`` and received ``row_count`` rows."""
        return cls._create(
            cls.Recorded,
            id=cls.id_for(request_id, stamp.actor),
            channel=channel,
            sql=sql,
            row_count=row_count,
            truncated=truncated,
            snapshot_notification_id=snapshot_notification_id,
            request_id=request_id,
            **stamp.fields,
        )
