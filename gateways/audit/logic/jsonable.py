"""Turning decoded event and aggregate values into plain JSON values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID


def jsonable(value: Any) -> Any:
    """UUIDs, dates, decimals and enums as text; sets sorted, tuples as lists; dicts recursed."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(jsonable(key)): jsonable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return repr(value)


def public_attributes(obj: object) -> dict[str, Any]:
    """An object's attributes that do not start with an underscore, as JSON values."""
    return {name: jsonable(value) for name, value in vars(obj).items() if not name.startswith("_")}
