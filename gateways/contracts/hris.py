"""The JSON Schema of the HRIS message contract, from its pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from gateways.contracts.events import DRAFT
from gateways.entrypoints.hris.contract import HrisMessage

# Rules across fields that draft-07 cannot state: said in words on the model they belong to.
CROSS_FIELD_RULES = {
    "PerformanceRated": "Also required (checked by the ingestion, which dead-letters the message"
    " as malformed otherwise): scale_min < scale_max, and scale_min <= rating <= scale_max.",
}


def hris_schema() -> dict[str, Any]:
    """One schema for every HRIS message: one of its types, told apart by ``type``."""
    generated = TypeAdapter(HrisMessage).json_schema(ref_template="#/definitions/{model}")
    body = {key: value for key, value in generated.items() if key != "$defs"}
    definitions = generated.get("$defs", {})
    for model, rule in CROSS_FIELD_RULES.items():
        if model in definitions:
            described = definitions[model].get("description", "")
            definitions[model]["description"] = f"{described} {rule}".strip()
            definitions[model]["x-cross-field-rule"] = rule
    return {
        "$schema": DRAFT,
        "title": "HRIS message",
        "description": "One JSON object per record of the HRIS topic (key: employee_id);"
        " see docs/hris.md. Unknown attributes are refused.",
        **body,
        "definitions": definitions,
    }
