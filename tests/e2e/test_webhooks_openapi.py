"""The OpenAPI document declares what the API answers: the JSON Lines audit histories, and the
signed webhook with its headers and its 401."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.routers.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.e2e.http_world import KEYS, Api, hire

JSONL = "application/x-ndjson"
HISTORIES = ["/audit/aggregates/{aggregate_id}/history", "/audit/employees/{hris_id}/history"]


def document(api: Api) -> dict[str, Any]:
    response = api.client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
@pytest.mark.parametrize("path", HISTORIES)
def test_the_histories_declare_json_lines_next_to_json(api: Api, path: str) -> None:
    content = document(api)["paths"][path]["get"]["responses"]["200"]["content"]
    assert {"application/json", JSONL} <= set(content)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_json_lines_answer_conforms_to_the_document(api: Api) -> None:
    hire(api, "E3")
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operation = schema["/audit/employees/{hris_id}/history"]["GET"]
    case = operation.Case(path_parameters={"hris_id": "E3"}, query={"format": "jsonl"})
    response = case.call(headers={"X-API-Key": KEYS[Role.AUDITOR]})
    assert response.status_code == 200
    assert response.headers["content-type"][0].startswith(JSONL)
    case.validate_response(  # ST105 "Undocumented Content-Type" before it was declared
        response, checks=[content_type_conformance, response_schema_conformance]
    )


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_webhook_declares_its_signature_headers_and_refusal(api: Api) -> None:
    operation = document(api)["paths"]["/hris/webhooks/{source}"]["post"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert headers == {TIMESTAMP_HEADER, SIGNATURE_HEADER}
    assert {"200", "401", "409", "422"} <= set(operation["responses"])
    assert "security" not in operation or operation["security"] == []
