"""Response models derived from the dataclasses that hold the answer, so no field is restated."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, get_type_hints

from pydantic import BaseModel, create_model


def view_of(
    source: type,
    name: str,
    doc: str,
    *,
    required: tuple[str, ...] = (),
    types: dict[str, Any] | None = None,
    first: dict[str, Any] | None = None,
) -> type[BaseModel]:
    """The response model ``name`` with the fields of the dataclass ``source`` (its name, types
    and plain defaults; a field with a default factory, or named in ``required``, is required;
    ``types`` replaces a field's type; ``first`` puts ``(type, default)`` fields first), described
    by ``doc``."""
    hints = get_type_hints(source)
    declared: dict[str, Any] = dict(first or {})
    for field in fields(source):
        default = ... if field.default is MISSING or field.name in required else field.default
        declared[field.name] = ((types or {}).get(field.name, hints[field.name]), default)
    model: type[BaseModel] = create_model(name, __doc__=doc, **declared)
    return model


def list_of(model: type[BaseModel]) -> Any:
    """``list[model]`` as a route's ``response_model`` (a derived model is no static type)."""
    return list[model]  # type: ignore[valid-type]
