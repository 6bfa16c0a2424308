"""Rows collected from one batch of events, to be written set-based in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from projections.schema import KEYS, column_names
from projections.staging import StagedRows

Key = tuple[Any, ...]


@dataclass
class RowBatch:
    """Inserts and keyed updates per table, merged in event order within the batch.

    An update to a row inserted earlier in the same batch is folded into the pending insert;
    other updates are merged per key (later values win) and applied after the inserts.
    """

    inserts: dict[str, dict[Key, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    updates: dict[str, dict[Key, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    touched_employees: set[UUID] = field(default_factory=set)
    staged: StagedRows | None = None
    refresh_derived: bool = True
    new_mentorships: bool = False
    withdrawals: bool = False
    statements: list[tuple[str, list[Any]]] = field(default_factory=list)
    """SQL run after the rows are written, in order (e.g. blanking an erased person's data)."""
    events: int = 0
    _serial: int = 0

    def insert(self, table: str, **values: Any) -> None:
        """Add a row; keyed tables take their key from the values."""
        unknown = values.keys() - column_names(table)
        if unknown:
            raise ValueError(f"{table} has no columns {sorted(unknown)}")
        self.inserts[table][self._key(table, values)] = values

    def update(self, table: str, key: Key, **values: Any) -> None:
        """Set some columns of the row with this primary key (inserted now or earlier)."""
        pending = self.inserts[table].get(key)
        if pending is not None:
            pending.update(values)
        else:
            self.updates[table].setdefault(key, {}).update(values)

    def touch_employee(self, employee_id: UUID) -> None:
        """Mark an employee whose derived history must be recomputed at commit."""
        self.touched_employees.add(employee_id)

    def _key(self, table: str, values: dict[str, Any]) -> Key:
        if table in KEYS:
            return tuple(values[name] for name in KEYS[table])
        self._serial += 1
        return (self._serial,)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.inserts.values()) + sum(
            len(rows) for rows in self.updates.values()
        )
