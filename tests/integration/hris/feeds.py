"""HRIS feeds for the integration tests, and what the store must hold after ingesting them."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any


def line(type_: str, employee_id: str, event_id: str, day: str, **attributes: Any) -> bytes:
    """One HRIS message as the upstream would publish it."""
    body = {"event_id": event_id, "type": type_, "employee_id": employee_id, "effective_date": day}
    if type_ == "hired":
        body.update(department="Sales", job_level=2, location="Leeds", manager_id=None)
    return json.dumps({**body, **attributes}).encode()


def workforce(size: int) -> list[bytes]:
    """Hire, promote and transfer ``size`` people; every 5th promotion comes before its hire,
    every 4th message is sent twice (the last one too), and three malformed lines are mixed in."""
    lines: list[bytes] = []
    for n in range(size):
        who = f"E{n:04d}"
        hire = line("hired", who, f"h-{who}", "2024-01-02")
        promote = line("promoted", who, f"p-{who}", "2024-02-01", new_level=3)
        transfer = line("transferred", who, f"t-{who}", "2024-03-01", new_department="Ops")
        lines += [promote, hire] if n % 5 == 0 else [hire, promote]
        lines.append(transfer)
    with_duplicates = [c for i, v in enumerate(lines) for c in ([v, v] if i % 4 == 0 else [v])]
    for position, bad in ((7, b"not json"), (40, b'{"type": "fired"}'), (90, b"\xff\xfe")):
        with_duplicates.insert(min(position, len(with_duplicates)), bad)
    with_duplicates.append(lines[-1])
    return with_duplicates


def expected_events(size: int) -> Counter[str]:
    """The domain events ``workforce(size)`` records, exactly once each."""
    return Counter(
        {
            "Employee.Hired": size,
            "Employee.Promoted": size,
            "Employee.Transferred": size,
            "CommandLog.Handled": 3 * size,
        }
    )
