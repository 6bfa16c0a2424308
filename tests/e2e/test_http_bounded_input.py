"""Bounded input: every text of every body has a length limit, and bodies are JSON in UTF-8."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import KEYS, Api, api_on_sqlite, sqlite_app

BOUNDED_FORMATS = {"date", "date-time", "uuid"}
HIRE = {"hris_id": "E1", "department": "sales", "job_level": 5, "location": "Lisbon",
        "hired_on": "2024-01-02"}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app on a SQLite file (the answers here do not depend on the store)."""
    yield from api_on_sqlite(tmp_path_factory.mktemp("bounded"))


def strings(schema: dict[str, Any], components: dict[str, Any], where: str,
            seen: frozenset[str] = frozenset()) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every string schema in ``schema`` (following $refs), with where it is."""
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            yield from strings(components[name], components, where, seen | {name})
        return
    if schema.get("type") == "string":
        yield where, schema
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from strings(option, components, where, seen)
    for name, field in schema.get("properties", {}).items():
        yield from strings(field, components, f"{where}.{name}", seen)
    if isinstance(schema.get("items"), dict):
        yield from strings(schema["items"], components, f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from strings(schema["additionalProperties"], components, f"{where}{{}}", seen)


def is_bounded(schema: dict[str, Any]) -> bool:
    """A limit on length: maxLength, a closed vocabulary, a fixed format, or a bounded pattern."""
    if "maxLength" in schema or "enum" in schema or "const" in schema:
        return True
    if schema.get("format") in BOUNDED_FORMATS:
        return True
    pattern = str(schema.get("pattern", ""))
    return pattern.startswith("^") and pattern.endswith("$") and "+" not in pattern \
        and "*" not in pattern


def test_every_text_of_every_request_body_has_a_length_limit(local: Api) -> None:
    document = local.client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                where = f"{method.upper()} {path}"
                unbounded += [w for w, s in strings(media["schema"], components, where)
                              if not is_bounded(s)]
    assert unbounded == []


def test_an_over_long_department_is_422_naming_the_field(local: Api) -> None:
    response = local.call("POST", "/employees", Role.HRIS,
                          body={**HIRE, "department": "x" * 1_000_000})
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-input")
    errors = response.json()["errors"]
    assert [error["loc"] for error in errors] == [["body", "department"]]
    assert "x" * 100 not in response.text


@pytest.mark.parametrize("content_type", [
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
])
def test_a_body_that_is_not_json_in_utf8_is_refused_with_415(
    local: Api, content_type: str
) -> None:
    headers = {"X-API-Key": KEYS[Role.HRIS]}
    if content_type:
        headers["Content-Type"] = content_type
    response = local.client.post("/employees", content=b'{"hris_id": "E9"}', headers=headers)
    assert (response.status_code, response.json()["rule"]) == (415, "unsupported-media-type")


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "Application/JSON; Charset=UTF-8",
])
def test_json_in_utf8_is_taken(tmp_path: Path, content_type: str) -> None:
    with TestClient(sqlite_app(tmp_path)) as client:
        response = client.post(
            "/employees", content=json.dumps(HIRE).encode("utf-8"),
            headers={"X-API-Key": KEYS[Role.HRIS], "Content-Type": content_type},
        )
    assert response.status_code == 201, response.text


def test_a_command_without_a_body_needs_no_content_type(local: Api) -> None:
    response = local.client.post("/programs/00000000-0000-4000-8000-000000000000/close",
                                 headers={"X-API-Key": KEYS[Role.ADMIN]})
    assert response.status_code != 415
